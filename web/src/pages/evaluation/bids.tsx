import { formatDateTime } from '../../format.js';
import { isMessageKey, t } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import { Attachments } from './attachment-viewer.js';
import { Card } from './common.js';
import { points } from './price-preview.js';
import { ReviewSheet } from './review-sheet.js';
import { ScoreSheet } from './score-sheet.js';
import type { RoomStore } from './store.js';
import type { EvaluationBidView, EvaluationPlan, EvaluationSnapshot } from './types.js';

function flagLabel(flag: string): string {
  const key = `evaluation.flag.${flag}`;
  return isMessageKey(key) ? t(key) : flag;
}

/** Who submitted for this bid, of how many; shown to everyone in the room (counts, never scores). */
function Progress({ bid, step }: { bid: EvaluationBidView; step: EvaluationSnapshot['step'] }) {
  const kind = step === 'forming' || step === 'review' || step === 'clarification' ? 'review' : 'score';
  const done = bid.progress[kind];
  return (
    <p
      class="evaluation-progress"
      data-testid="bid-progress"
      data-kind={kind}
      data-done={done}
      data-of={bid.progress.of}
    >
      {t(kind === 'review' ? 'evaluation.progress.review' : 'evaluation.progress.score', {
        done,
        of: bid.progress.of,
      })}
      <progress max={Math.max(1, bid.progress.of)} value={done} aria-hidden="true" />
    </p>
  );
}

/** Scores of a bid once every member has submitted (supervisors: as they come): by member name. */
function Revealed({
  snapshot,
  plan,
  bidId,
}: {
  snapshot: EvaluationSnapshot;
  plan: EvaluationPlan;
  bidId: string;
}) {
  const revealed = snapshot.revealed.find((r) => r.bidId === bidId);
  if (!revealed || revealed.members.length === 0) return null;
  const typed = plan.criteria.filter((c) => c.kind !== 'pass-fail' && c.group !== 'price');
  return (
    <details class="evaluation-revealed" data-testid="bid-revealed">
      <summary>{t('evaluation.revealed.title')}</summary>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('evaluation.member')}</th>
              {typed.map((c) => (
                <th scope="col" key={c.key}>
                  {c.name}
                </th>
              ))}
              <th scope="col">{t('evaluation.score.total')}</th>
            </tr>
          </thead>
          <tbody>
            {revealed.members.map((m) => (
              <tr key={m.memberId}>
                <td>{m.name}</td>
                {typed.map((c) => (
                  <td class="num" key={c.key}>
                    {points(m.scores[c.key])}
                  </td>
                ))}
                <td class="num">{points(m.totalHundredths)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/**
 * One bid as the room sees it: bidder, price in 元, flags and rejection, attachments, progress; for a member
 * the sheet this step asks for.
 */
export function BidCard({
  store,
  snapshot,
  plan,
  bid,
  priceScore,
  member,
}: {
  store: RoomStore;
  snapshot: EvaluationSnapshot;
  plan: EvaluationPlan;
  bid: EvaluationBidView;
  priceScore: number | null;
  member: boolean;
}) {
  const step = snapshot.step;
  const reviewing = step === 'review' || step === 'clarification';
  const scoring = step === 'scoring' || step === 'ranking' || step === 'concluded';
  const scorable = bid.rejection === null && bid.reviewOutcome === 'pass';
  return (
    <article class="card evaluation-bid" data-testid="evaluation-bid" data-bidder={bid.bidderName}>
      <header class="evaluation-bid-head">
        <h3>{bid.bidderName}</h3>
        <p class="evaluation-price" data-testid="bid-price">
          {formatYuan(bid.priceFen)}
        </p>
      </header>
      <p class="muted">{t('evaluation.bid.received', { time: formatDateTime(bid.receivedAt) })}</p>
      {bid.rejection ? (
        <p class="alert alert-error" data-testid="bid-rejected">
          {t('evaluation.bid.rejected', { reason: bid.rejection.reason })}
        </p>
      ) : null}
      {bid.flags.length ? (
        <p>
          {bid.flags.map((f) => (
            <span class="badge badge-pending" key={f} data-testid="bid-flag">
              {flagLabel(f)}
            </span>
          ))}
        </p>
      ) : null}
      {bid.reviewOutcome ? (
        <p data-testid="bid-review-outcome" data-outcome={bid.reviewOutcome}>
          <span class={`badge ${bid.reviewOutcome === 'pass' ? 'badge-verified' : 'badge-rejected'}`}>
            {bid.reviewOutcome === 'pass' ? t('evaluation.bid.passed') : t('evaluation.bid.failed')}
          </span>
        </p>
      ) : null}
      {bid.rejection === null ? <Progress bid={bid} step={step} /> : null}
      <Attachments bid={bid} canRead={member && step !== 'concluded'} />
      {member && bid.rejection === null && reviewing ? (
        <section aria-label={t('evaluation.review.title')}>
          <h4>{t('evaluation.review.title')}</h4>
          <ReviewSheet store={store} snapshot={snapshot} plan={plan} bid={bid} />
        </section>
      ) : null}
      {member && scorable && scoring ? (
        <section aria-label={t('evaluation.score.title')}>
          <h4>{t('evaluation.score.title')}</h4>
          <ScoreSheet store={store} snapshot={snapshot} plan={plan} bid={bid} priceScore={priceScore} />
        </section>
      ) : null}
      <Revealed snapshot={snapshot} plan={plan} bidId={bid.bidId} />
    </article>
  );
}

export function BidList(props: {
  store: RoomStore;
  snapshot: EvaluationSnapshot;
  plan: EvaluationPlan;
  priceScores: Map<string, number>;
  member: boolean;
}) {
  const { snapshot } = props;
  return (
    <Card title={t('evaluation.bids', { n: snapshot.bids.length })} testId="evaluation-bids">
      {snapshot.bids.length === 0 ? <p class="empty">{t('evaluation.bid.none')}</p> : null}
      <div class="evaluation-bid-list">
        {snapshot.bids.map((bid) => (
          <BidCard
            key={bid.bidId}
            {...props}
            bid={bid}
            priceScore={props.priceScores.get(bid.bidId) ?? null}
          />
        ))}
      </div>
    </Card>
  );
}
