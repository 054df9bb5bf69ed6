import { useState } from 'preact/hooks';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { SendState } from './common.js';
import { readyIdentity } from './key-gate.js';
import { signPayload } from './signing.js';
import type { RoomStore } from './store.js';
import type { EvaluationBidView, EvaluationPlan, EvaluationSnapshot, ReviewPayload } from './types.js';

type Verdicts = ReviewPayload['verdicts'];

/**
 * One member's compliance and qualification review of one bid (符合性/资格审查): pass or fail per pass/fail
 * criterion, a reason for every fail, checked here before it is signed and sent.
 */
export function ReviewSheet({
  store,
  snapshot,
  plan,
  bid,
}: {
  store: RoomStore;
  snapshot: EvaluationSnapshot;
  plan: EvaluationPlan;
  bid: EvaluationBidView;
}) {
  const target = `review:${bid.bidId}`;
  const criteria = plan.criteria.filter((c) => c.kind === 'pass-fail');
  const mine = snapshot.mySheets.find((s) => s.bidId === bid.bidId && s.kind === 'review');
  const [problems, setProblems] = useState<Record<string, string>>({});
  if (mine) {
    const verdicts = (mine.payload.verdicts ?? {}) as Verdicts;
    return (
      <div class="evaluation-sheet" data-testid="review-submitted">
        <p class="muted">{t('evaluation.sheet.submittedAt', { time: formatDateTime(mine.submittedAt) })}</p>
        <ul class="evaluation-verdicts">
          {criteria.map((c) => {
            const v = verdicts[c.key];
            return (
              <li key={c.key}>
                {c.name}：
                <strong class={v?.pass ? 'verdict-pass' : 'verdict-fail'}>
                  {v?.pass ? t('evaluation.review.pass') : t('evaluation.review.fail')}
                </strong>
                {v && !v.pass ? ` (${v.reason})` : null}
              </li>
            );
          })}
        </ul>
      </div>
    );
  }
  if (snapshot.step !== 'review') return <p class="muted">{t('evaluation.review.notSubmitted')}</p>;

  const draft = store.draft(target);
  const identity = readyIdentity();
  const busy = !!store.sending.value[target] || store.pending(target);
  const field = (key: string) => `${bid.bidId}-${key}`;

  const check = (): Verdicts | null => {
    const found: Record<string, string> = {};
    const verdicts: Verdicts = {};
    for (const c of criteria) {
      const choice = draft[c.key];
      const reason = (draft[`${c.key}.reason`] ?? '').trim();
      if (choice !== 'pass' && choice !== 'fail') found[c.key] = t('evaluation.review.choose');
      else if (choice === 'fail' && !reason) found[`${c.key}.reason`] = t('evaluation.review.reasonRequired');
      else verdicts[c.key] = { pass: choice === 'pass', reason: choice === 'pass' ? '' : reason };
    }
    setProblems(found);
    return Object.keys(found).length === 0 ? verdicts : null;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const verdicts = check();
    if (!verdicts) {
      // Focus the first field that needs attention, for keyboard and screen reader users.
      const form = event.currentTarget as HTMLFormElement;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (!identity || !snapshot.you.memberId) return;
    const payload: ReviewPayload = {
      type: 'yangguang.evaluation.review/1',
      evaluationId: snapshot.evaluationId,
      memberId: snapshot.you.memberId,
      bidId: bid.bidId,
      verdicts,
    };
    const signed = await signPayload(identity, payload);
    const sent = await store.submit(
      'evaluation:review',
      { evaluationId: snapshot.evaluationId, payload, ...signed },
      target,
    );
    if (sent) store.replaceDraft(target, null);
  };

  return (
    <form class="evaluation-sheet" noValidate onSubmit={(e) => void submit(e)} data-testid="review-form">
      {criteria.map((c) => {
        const choice = draft[c.key] ?? '';
        const reasonKey = `${c.key}.reason`;
        return (
          <fieldset key={c.key} class="evaluation-criterion" data-criterion={c.key}>
            <legend>{c.name}</legend>
            <div class="evaluation-choice-row">
              {(['pass', 'fail'] as const).map((value) => (
                <label key={value}>
                  <input
                    type="radio"
                    name={field(c.key)}
                    value={value}
                    checked={choice === value}
                    aria-invalid={problems[c.key] ? 'true' : 'false'}
                    data-testid={`review-${value}`}
                    onChange={() => {
                      store.setDraft(target, c.key, value);
                      setProblems({ ...problems, [c.key]: '' });
                    }}
                  />{' '}
                  {value === 'pass' ? t('evaluation.review.pass') : t('evaluation.review.fail')}
                </label>
              ))}
            </div>
            <small class="field-error" aria-live="polite">
              {problems[c.key]}
            </small>
            {choice === 'fail' ? (
              <div class="field">
                <label for={field(reasonKey)}>{t('evaluation.review.reason')}</label>
                <textarea
                  id={field(reasonKey)}
                  rows={2}
                  maxLength={500}
                  value={draft[reasonKey] ?? ''}
                  aria-invalid={problems[reasonKey] ? 'true' : 'false'}
                  data-testid="review-reason"
                  onInput={(e) => {
                    store.setDraft(target, reasonKey, e.currentTarget.value);
                    if (problems[reasonKey]) setProblems({ ...problems, [reasonKey]: '' });
                  }}
                />
                <small class="field-error" aria-live="polite" data-testid="review-reason-error">
                  {problems[reasonKey]}
                </small>
              </div>
            ) : null}
          </fieldset>
        );
      })}
      <button type="submit" class="btn btn-primary" disabled={!identity || busy} data-testid="review-submit">
        {t('evaluation.signAndSend')}
      </button>
      <SendState store={store} target={target} />
    </form>
  );
}
