import { useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { formatDateTime, fromBeijingInput, toBeijingInput } from '../../format.js';
import { t } from '../../i18n/index.js';
import { bidderOf, Card, SendState, stepLabel } from './common.js';
import { points } from './price-preview.js';
import type { RoomStore } from './store.js';
import { STEPS, type EvaluationPlan, type EvaluationSnapshot } from './types.js';

const ADVANCE = 'advance';
const CLARIFY = 'clarify';

/** Moves the evaluation on from the step it is in; a refusal says which guard held it (sheets missing…). */
function Advance({ store, snapshot }: { store: RoomStore; snapshot: EvaluationSnapshot }) {
  const next = STEPS[STEPS.indexOf(snapshot.step) + 1];
  if (!next) return null;
  const busy = !!store.sending.value[ADVANCE] || store.pending(ADVANCE);
  const advance = () => {
    if (!confirm(t('evaluation.advance.confirm', { from: stepLabel(snapshot.step), to: stepLabel(next) })))
      return;
    void store.submit(
      'evaluation:advance',
      { evaluationId: snapshot.evaluationId, from: snapshot.step },
      ADVANCE,
    );
  };
  return (
    <div class="evaluation-advance">
      <button
        type="button"
        class="btn btn-primary"
        disabled={busy}
        data-testid="evaluation-advance"
        data-from={snapshot.step}
        onClick={advance}
      >
        {t('evaluation.advance', { to: stepLabel(next) })}
      </button>
      <SendState store={store} target={ADVANCE} />
      <Refusal snapshot={snapshot} error={store.errors.value[ADVANCE]} />
    </div>
  );
}

/** What held the step, in names: who still owes which sheet, which questions are still open, which seats. */
function Refusal({ snapshot, error }: { snapshot: EvaluationSnapshot; error: unknown }) {
  if (!(error instanceof ApiError) || !error.details) return null;
  const details = error.details as Record<string, unknown> | Record<string, unknown>[];
  if (error.code === 'SHEETS_MISSING' && Array.isArray(details))
    return (
      <ul class="evaluation-refusal" data-testid="advance-missing">
        {details.map((d, i) => (
          <li key={i} data-testid="advance-missing-sheet">
            {t('evaluation.advance.owes', {
              name: String(d.name ?? '—'),
              bidder: bidderOf(snapshot, String(d.bidId ?? '')),
            })}
          </li>
        ))}
      </ul>
    );
  if (error.code === 'CLARIFICATION_OPEN' && Array.isArray(details))
    return (
      <ul class="evaluation-refusal" data-testid="advance-open-questions">
        {details.map((d, i) => (
          <li key={i}>
            {t('evaluation.advance.openQuestion', {
              bidder: bidderOf(snapshot, String(d.bidId ?? '')),
              time: formatDateTime(String(d.answerDeadline ?? '')),
            })}
          </li>
        ))}
      </ul>
    );
  if (error.code === 'COMMITTEE_INCOMPLETE' && !Array.isArray(details)) {
    const n = (key: string) => Number(details[key] ?? 0);
    return (
      <p class="evaluation-refusal" data-testid="advance-committee">
        {t('evaluation.advance.committee', {
          undeclared: n('undeclared'),
          experts: n('experts'),
          representatives: n('representatives'),
        })}
        {details.leader === true ? ` ${t('evaluation.advance.noLeader')}` : ''}
      </p>
    );
  }
  return null;
}

/** A question to one bidder (澄清), with the answer's deadline in Beijing time. */
function Clarify({ store, snapshot }: { store: RoomStore; snapshot: EvaluationSnapshot }) {
  const draft = store.draft(CLARIFY);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const bids = snapshot.bids.filter((b) => b.rejection === null);
  const serverNow = Date.now() + store.offsetMs.value;
  const defaultDeadline = toBeijingInput(new Date(serverNow + 2 * 3600_000).toISOString());
  const deadline = draft.deadline ?? defaultDeadline;
  const busy = !!store.sending.value[CLARIFY] || store.pending(CLARIFY);
  const submit = (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const at = fromBeijingInput(deadline);
    if (!draft.bidId) found.bidId = t('evaluation.clarify.bidRequired');
    if (!(draft.question ?? '').trim()) found.question = t('evaluation.clarify.questionRequired');
    if (!at) found.deadline = t('evaluation.clarify.deadlineRequired');
    else if (Date.parse(at) <= serverNow) found.deadline = t('evaluation.clarify.deadlinePast');
    setProblems(found);
    if (Object.keys(found).length || !at || !draft.bidId) return;
    void store
      .submit(
        'evaluation:clarify',
        {
          evaluationId: snapshot.evaluationId,
          bidId: draft.bidId,
          question: (draft.question ?? '').trim(),
          answerDeadline: at,
        },
        CLARIFY,
      )
      .then((sent) => sent && store.replaceDraft(CLARIFY, null));
  };
  return (
    <form class="evaluation-clarify" noValidate onSubmit={submit} data-testid="clarify-form">
      <h3>{t('evaluation.clarify.title')}</h3>
      <div class="field">
        <label for="clarify-bid">{t('evaluation.clarify.bidder')}</label>
        <select
          id="clarify-bid"
          value={draft.bidId ?? ''}
          aria-invalid={problems.bidId ? 'true' : 'false'}
          data-testid="clarify-bidder"
          onChange={(e) => store.setDraft(CLARIFY, 'bidId', e.currentTarget.value)}
        >
          <option value="">{t('evaluation.clarify.chooseBidder')}</option>
          {bids.map((b) => (
            <option key={b.bidId} value={b.bidId}>
              {b.bidderName}
              {b.flags.includes('ABNORMALLY_LOW') ? ` (${t('evaluation.flag.ABNORMALLY_LOW')})` : ''}
            </option>
          ))}
        </select>
        <small class="field-error" aria-live="polite">
          {problems.bidId}
        </small>
      </div>
      <div class="field">
        <label for="clarify-question">{t('evaluation.clarify.question')}</label>
        <textarea
          id="clarify-question"
          rows={3}
          maxLength={2000}
          value={draft.question ?? ''}
          aria-invalid={problems.question ? 'true' : 'false'}
          data-testid="clarify-question"
          onInput={(e) => store.setDraft(CLARIFY, 'question', e.currentTarget.value)}
        />
        <small class="field-error" aria-live="polite">
          {problems.question}
        </small>
      </div>
      <div class="field">
        <label for="clarify-deadline">{t('evaluation.clarify.deadline')}</label>
        <input
          id="clarify-deadline"
          type="datetime-local"
          value={deadline}
          aria-invalid={problems.deadline ? 'true' : 'false'}
          data-testid="clarify-deadline"
          onInput={(e) => store.setDraft(CLARIFY, 'deadline', e.currentTarget.value)}
        />
        <small class="field-error" aria-live="polite">
          {problems.deadline}
        </small>
      </div>
      <button type="submit" class="btn" disabled={busy} data-testid="clarify-submit">
        {t('evaluation.clarify.send')}
      </button>
      <SendState store={store} target={CLARIFY} />
    </form>
  );
}

/** Objective scores members disagree on (values, not who) and member totals far off the mean. */
export function Flags({ snapshot, plan }: { snapshot: EvaluationSnapshot; plan: EvaluationPlan }) {
  const criterion = (key: string) => plan.criteria.find((c) => c.key === key)?.name ?? key;
  if (snapshot.disagreements.length === 0 && snapshot.deviations.length === 0)
    return (
      <p class="muted" data-testid="evaluation-no-flags">
        {t('evaluation.flags.none')}
      </p>
    );
  return (
    <div data-testid="evaluation-flags">
      {snapshot.disagreements.length ? (
        <>
          <h3>{t('evaluation.disagreements')}</h3>
          <ul>
            {snapshot.disagreements.map((d) => (
              <li key={`${d.bidId}/${d.criterionKey}`} data-testid="evaluation-disagreement">
                {t('evaluation.disagreement', {
                  bidder: bidderOf(snapshot, d.bidId),
                  criterion: criterion(d.criterionKey),
                  values: d.values.map(points).join(' / '),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {snapshot.deviations.length ? (
        <>
          <h3>{t('evaluation.deviations', { percent: plan.deviationPercent })}</h3>
          <ul>
            {snapshot.deviations.map((d) => (
              <li key={`${d.bidId}/${d.memberId}`} data-testid="evaluation-deviation">
                {t('evaluation.deviation', {
                  name: d.name,
                  bidder: bidderOf(snapshot, d.bidId),
                  total: points(d.totalHundredths),
                  mean: points(d.meanHundredths),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The leader's console (组长): move the steps on, ask bidders, watch disagreements and deviations. */
export function LeaderConsole({
  store,
  snapshot,
  plan,
}: {
  store: RoomStore;
  snapshot: EvaluationSnapshot;
  plan: EvaluationPlan;
}) {
  const canAsk =
    snapshot.step === 'review' || snapshot.step === 'clarification' || snapshot.step === 'scoring';
  return (
    <Card title={t('evaluation.leaderConsole')} testId="evaluation-leader-console">
      <Advance store={store} snapshot={snapshot} />
      {canAsk ? <Clarify store={store} snapshot={snapshot} /> : null}
      <Flags snapshot={snapshot} plan={plan} />
    </Card>
  );
}

/** Questions asked and answers given (the minutes), for everyone in the room. */
export function ClarificationMinutes({ snapshot }: { snapshot: EvaluationSnapshot }) {
  if (snapshot.clarifications.length === 0) return null;
  return (
    <Card title={t('evaluation.clarifications')} testId="evaluation-clarifications">
      <ul class="evaluation-minutes">
        {snapshot.clarifications.map((c) => (
          <li key={c.id} data-testid="evaluation-clarification">
            <p>
              <strong>{c.bidderName}</strong> ·{' '}
              {t('evaluation.clarify.askedAt', { time: formatDateTime(c.askedAt) })} ·{' '}
              {t('evaluation.clarify.deadlineAt', { time: formatDateTime(c.answerDeadline) })}
            </p>
            <p>
              {t('evaluation.clarify.q')}
              {c.question}
            </p>
            <p>
              {t('evaluation.clarify.a')}
              {c.answer ?? <span class="muted">{t('evaluation.clarify.unanswered')}</span>}
              {c.answeredAt ? <small class="muted"> ({formatDateTime(c.answeredAt)})</small> : null}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
