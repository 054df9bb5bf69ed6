import { t } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import { Card } from './common.js';
import { points } from './price-preview.js';
import type { EvaluationRankingRow, EvaluationSnapshot } from './types.js';

function RankingTable({ rows, testId }: { rows: readonly EvaluationRankingRow[]; testId: string }) {
  return (
    <div class="table-wrap">
      <table class="table evaluation-ranking" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.rank')}</th>
            <th scope="col">{t('evaluation.bidder')}</th>
            <th scope="col">{t('evaluation.price')}</th>
            <th scope="col">{t('evaluation.priceScore')}</th>
            <th scope="col">{t('evaluation.technicalScore')}</th>
            <th scope="col">{t('evaluation.finalScore')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bidId} data-testid="ranking-row" data-rank={r.rank} data-bidder={r.bidderName}>
              <td class="num">{r.rank}</td>
              <td>
                <strong>{r.bidderName}</strong>
              </td>
              <td class="num nowrap">{formatYuan(r.priceFen)}</td>
              <td class="num">{points(r.priceScore)}</td>
              <td class="num">{points(r.technicalScore)}</td>
              <td class="num" data-field="score">
                {points(r.score)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The ranking (while ranking, corrections still possible) and, once concluded, up to three candidates. */
export function Results({ snapshot }: { snapshot: EvaluationSnapshot }) {
  return (
    <>
      {snapshot.result ? (
        <Card title={t('evaluation.result')} testId="evaluation-result">
          <ol class="evaluation-candidates">
            {snapshot.result.candidates.map((c) => (
              <li key={c.bidId} data-testid="evaluation-candidate" data-bidder={c.bidderName}>
                <strong>{c.bidderName}</strong> · {formatYuan(c.priceFen)}
                {c.score !== null ? ` · ${t('evaluation.finalScore')} ${points(c.score)}` : ''}
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      {snapshot.ranking ? (
        <Card title={t('evaluation.ranking')} testId="evaluation-ranking">
          {snapshot.step === 'ranking' ? <p class="hint">{t('evaluation.ranking.hint')}</p> : null}
          <RankingTable rows={snapshot.ranking} testId="ranking-table" />
        </Card>
      ) : null}
    </>
  );
}
