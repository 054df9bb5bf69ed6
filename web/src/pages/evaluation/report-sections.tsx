import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import { Card } from './common.js';
import { points } from './price-preview.js';
import type { EvaluationRankingRow } from './types.js';

/** The report as the server froze it (report/content.ts): ISO instants and fen, shown in Beijing time and 元. */
export interface ReportContent {
  tender: {
    code: string;
    title: string;
    projectName: string;
    tendereeName: string;
    agencyName: string | null;
    sectionCode: string;
    sectionName: string;
    maxPriceFen: number | null;
  };
  members: {
    memberId: string;
    name: string;
    kind: 'expert' | 'representative';
    leader: boolean;
    replaced: boolean;
  }[];
  opening: { bidId: string; bidderName: string; priceFen: number; receivedAt: string }[];
  review: {
    bidId: string;
    bidderName: string;
    outcome: 'pass' | 'fail' | 'rejected';
    rejection: { code: string; reason: string } | null;
    failures: { criterion: string; memberName: string; reason: string }[];
  }[];
  method: {
    method: string;
    criteria: { key: string; name: string; kind: string; group: string; points: number }[];
  };
  comparison: {
    bidId: string;
    bidderName: string;
    priceFen: number;
    priceScore: number | null;
    technicalScore: number | null;
    score: number | null;
    rank: number | null;
    memberTotals: { memberName: string; totalHundredths: number }[];
  }[];
  ranking: EvaluationRankingRow[];
  candidates: EvaluationRankingRow[];
  clarifications: {
    bidderName: string;
    question: string;
    askedBy: string;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }[];
  concludedAt: string;
}

const key = (k: string) => k as MessageKey;

function Table({
  head,
  children,
  testId,
}: {
  head: string[];
  children: preact.ComponentChildren;
  testId: string;
}) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid={testId}>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The ten sections of PB Art.42, from the frozen content: names, 元 and Beijing time, never ids. */
export function ReportSections({ c }: { c: ReportContent }) {
  return (
    <>
      <Card title={t('report.basic')} testId="report-basic">
        <dl class="report-facts">
          <dt>{t('report.tender')}</dt>
          <dd>
            {c.tender.title} <span class="muted mono">{c.tender.code}</span>
          </dd>
          <dt>{t('report.section')}</dt>
          <dd>{c.tender.sectionName}</dd>
          <dt>{t('report.tenderee')}</dt>
          <dd>{c.tender.tendereeName}</dd>
          {c.tender.agencyName ? (
            <>
              <dt>{t('report.agency')}</dt>
              <dd>{c.tender.agencyName}</dd>
            </>
          ) : null}
          {c.tender.maxPriceFen !== null ? (
            <>
              <dt>{t('report.maxPrice')}</dt>
              <dd>{formatYuan(c.tender.maxPriceFen)}</dd>
            </>
          ) : null}
          <dt>{t('report.method')}</dt>
          <dd>{t(key(`report.method.${c.method.method}`))}</dd>
        </dl>
      </Card>
      <Card title={t('report.members')} testId="report-members">
        <ul>
          {c.members.map((m) => (
            <li key={m.memberId} data-testid="report-member">
              {m.name} · {t(key(`report.kind.${m.kind}`))}
              {m.leader ? ` · ${t('report.leader')}` : ''}
              {m.replaced ? ` · ${t('report.replaced')}` : ''}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('report.opening')} testId="report-opening">
        <Table
          head={[t('evaluation.bidder'), t('evaluation.price'), t('report.received')]}
          testId="report-opening-table"
        >
          {c.opening.map((b) => (
            <tr key={b.bidId}>
              <td>{b.bidderName}</td>
              <td class="num nowrap">{formatYuan(b.priceFen)}</td>
              <td class="nowrap">{formatDateTime(b.receivedAt)}</td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title={t('report.review')} testId="report-review">
        <ul>
          {c.review.map((r) => (
            <li key={r.bidId} data-testid="report-review-row" data-outcome={r.outcome}>
              <strong>{r.bidderName}</strong>: {t(key(`report.outcome.${r.outcome}`))}
              {r.rejection ? ` — ${r.rejection.reason}` : ''}
              {r.failures.length > 0 ? (
                <ul>
                  {r.failures.map((f, i) => (
                    <li key={i}>
                      {f.criterion}（{f.memberName}）: {f.reason}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('report.criteria')} testId="report-criteria">
        <ul>
          {c.method.criteria.map((k) => (
            <li key={k.key}>
              {k.name} · {t(key(`report.group.${k.group}`))} ·{' '}
              {k.kind === 'pass-fail' ? t('report.passFail') : t('report.points', { n: k.points })}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('report.comparison')} testId="report-comparison">
        <Table
          head={[
            t('evaluation.bidder'),
            t('evaluation.price'),
            t('evaluation.priceScore'),
            t('evaluation.technicalScore'),
            t('evaluation.finalScore'),
            t('report.memberTotals'),
          ]}
          testId="report-comparison-table"
        >
          {c.comparison.map((r) => (
            <tr key={r.bidId}>
              <td>{r.bidderName}</td>
              <td class="num nowrap">{formatYuan(r.priceFen)}</td>
              <td class="num">{points(r.priceScore)}</td>
              <td class="num">{points(r.technicalScore)}</td>
              <td class="num">{points(r.score)}</td>
              <td>{r.memberTotals.map((m) => `${m.memberName} ${points(m.totalHundredths)}`).join('，')}</td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title={t('report.ranking')} testId="report-ranking">
        <ol>
          {c.ranking.map((r) => (
            <li key={r.bidId} data-testid="report-ranking-row" data-rank={r.rank}>
              {r.bidderName} · {formatYuan(r.priceFen)} · {t('evaluation.finalScore')} {points(r.score)}
            </li>
          ))}
        </ol>
      </Card>
      <Card title={t('report.candidates')} testId="report-candidates">
        <ul>
          {c.candidates.map((r, i) => (
            <li key={r.bidId} data-testid="report-candidate" data-bidder={r.bidderName}>
              {t('report.candidate', { n: i + 1 })}: <strong>{r.bidderName}</strong> ·{' '}
              {formatYuan(r.priceFen)}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('report.clarifications')} testId="report-clarifications">
        {c.clarifications.length === 0 ? <p class="muted">{t('report.nothing')}</p> : null}
        <ul>
          {c.clarifications.map((q, i) => (
            <li key={i}>
              <strong>{q.bidderName}</strong> (
              {t('report.askedBy', { name: q.askedBy, at: formatDateTime(q.askedAt) })}): {q.question}
              <br />
              {q.answer ?? t('report.noAnswer')}
              {q.answeredAt ? ` (${formatDateTime(q.answeredAt)})` : ''}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
