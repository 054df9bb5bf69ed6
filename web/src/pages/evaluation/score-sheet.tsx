import { useState } from 'preact/hooks';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { SendState } from './common.js';
import { readyIdentity } from './key-gate.js';
import { parsePoints, points } from './price-preview.js';
import { signPayload } from './signing.js';
import type { RoomStore } from './store.js';
import type {
  EvaluationBidView,
  EvaluationPlan,
  EvaluationSnapshot,
  PlanCriterion,
  ScorePayload,
} from './types.js';

/** GP87 Art.64: the only reasons a submitted score may be corrected. */
export const CORRECTION_REASONS = [
  'arithmetic',
  'out-of-range',
  'objective-inconsistent',
  'extreme',
] as const;
type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/** Criteria a member types: subjective and objective ones; the price score is the formula's, never typed. */
export function typedCriteria(plan: EvaluationPlan): PlanCriterion[] {
  return plan.criteria.filter((c) => c.kind !== 'pass-fail' && c.group !== 'price');
}

function fieldProblem(text: string, criterion: PlanCriterion): string {
  if (text.trim() === '') return t('evaluation.score.required');
  const parsed = parsePoints(text, criterion.points);
  if (parsed.ok) return '';
  return parsed.problem === 'range'
    ? t('evaluation.score.range', { max: criterion.points })
    : t('evaluation.score.format');
}

/**
 * One member's score sheet for one bid (评分表): a field per typed criterion, range-checked as it is typed,
 * the computed price score beside it, the total; signed and sent. After sending, a correction is a new
 * version with its GP87 Art.64 reason, during scoring and ranking only.
 */
export function ScoreSheet({
  store,
  snapshot,
  plan,
  bid,
  priceScore,
}: {
  store: RoomStore;
  snapshot: EvaluationSnapshot;
  plan: EvaluationPlan;
  bid: EvaluationBidView;
  priceScore: number | null;
}) {
  const target = `score:${bid.bidId}`;
  const criteria = typedCriteria(plan);
  const price = plan.criteria.find((c) => c.group === 'price');
  const mine = snapshot.mySheets.find((s) => s.bidId === bid.bidId && s.kind === 'score');
  const draft = store.draft(target);
  const [correcting, setCorrecting] = useState(draft.correcting === 'yes');
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const identity = readyIdentity();
  const busy = !!store.sending.value[target] || store.pending(target);
  const open = snapshot.step === 'scoring' || snapshot.step === 'ranking';
  const id = (key: string) => `score-${bid.bidId}-${key}`;

  const priceRow = price ? (
    <div class="evaluation-score-row evaluation-price-score">
      <span>
        {price.name} <small class="muted">{t('evaluation.score.computed')}</small>
      </span>
      <output data-testid="score-price">{points(priceScore)}</output>
    </div>
  ) : null;

  if (mine && !correcting) {
    const scores = (mine.payload.scores ?? {}) as Record<string, number>;
    const total = Object.values(scores).reduce((a, b) => a + b, 0) + (priceScore ?? 0);
    return (
      <div class="evaluation-sheet" data-testid="score-submitted" data-version={mine.version}>
        <p class="muted">
          {t('evaluation.sheet.submittedAt', { time: formatDateTime(mine.submittedAt) })}
          {mine.version > 1 ? ` · ${t('evaluation.score.version', { n: mine.version })}` : ''}
        </p>
        {criteria.map((c) => (
          <div class="evaluation-score-row" key={c.key}>
            <span>{c.name}</span>
            <output data-criterion={c.key}>{points(scores[c.key])}</output>
          </div>
        ))}
        {priceRow}
        <div class="evaluation-score-row evaluation-total">
          <span>{t('evaluation.score.total')}</span>
          <output data-testid="score-total">{points(total)}</output>
        </div>
        {mine.correction ? (
          <p class="muted" data-testid="score-correction-note">
            {t('evaluation.correction.was', {
              reason: t(`evaluation.correction.${mine.correction.reason}` as MessageKey),
              note: mine.correction.note,
            })}
          </p>
        ) : null}
        {open ? (
          <button
            type="button"
            class="btn btn-small"
            data-testid="score-correct"
            onClick={() => {
              // A correction starts from the sheet as sent.
              const start: Record<string, string> = { correcting: 'yes' };
              for (const c of criteria) start[c.key] = points(scores[c.key]);
              store.replaceDraft(target, start);
              setCorrecting(true);
            }}
          >
            {t('evaluation.correction.start')}
          </button>
        ) : null}
        <SendState store={store} target={target} />
      </div>
    );
  }
  if (!open) return <p class="muted">{t('evaluation.score.notSubmitted')}</p>;

  const values = criteria.map((c) => ({ c, text: draft[c.key] ?? '' }));
  const parsed = values.map(({ c, text }) => ({ c, text, result: parsePoints(text, c.points) }));
  const allValid = parsed.every((p) => p.result.ok);
  const typedTotal = parsed.reduce((sum, p) => sum + (p.result.ok ? p.result.hundredths : 0), 0);
  const reason = (draft.reason ?? '') as CorrectionReason | '';
  const note = draft.note ?? '';

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setShown(Object.fromEntries([...criteria.map((c) => [c.key, true]), ['reason', true], ['note', true]]));
    const needsReason = correcting && (!reason || !note.trim());
    if (!allValid || needsReason) {
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    if (!identity || !snapshot.you.memberId) return;
    const scores: Record<string, number> = {};
    for (const p of parsed) if (p.result.ok) scores[p.c.key] = p.result.hundredths;
    const payload: ScorePayload = {
      type: 'yangguang.evaluation.score/1',
      evaluationId: snapshot.evaluationId,
      memberId: snapshot.you.memberId,
      bidId: bid.bidId,
      scores,
      correction: correcting && reason ? { reason, note: note.trim() } : null,
    };
    const signed = await signPayload(identity, payload);
    const sent = await store.submit(
      'evaluation:score',
      { evaluationId: snapshot.evaluationId, payload, ...signed },
      target,
    );
    if (sent) {
      store.replaceDraft(target, null);
      setCorrecting(false);
      setShown({});
    }
  };

  return (
    <form class="evaluation-sheet" noValidate onSubmit={(e) => void submit(e)} data-testid="score-form">
      {correcting ? <p class="alert alert-info">{t('evaluation.correction.intro')}</p> : null}
      {criteria.map((c) => {
        const text = draft[c.key] ?? '';
        // Out of range is said at once; an unfinished number ("12.") only once the field is left.
        const early = parsePoints(text, c.points);
        const problem = shown[c.key]
          ? fieldProblem(text, c)
          : !early.ok && early.problem === 'range'
            ? fieldProblem(text, c)
            : '';
        return (
          <div class="field evaluation-score-field" key={c.key}>
            <label for={id(c.key)}>
              {c.name}{' '}
              <small class="muted">
                {t(`evaluation.kind.${c.kind}` as MessageKey)} · 0–{c.points}
              </small>
            </label>
            <input
              id={id(c.key)}
              name={c.key}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={text}
              aria-invalid={problem ? 'true' : 'false'}
              aria-describedby={`${id(c.key)}-error`}
              data-testid="score-input"
              data-criterion={c.key}
              onInput={(e) => store.setDraft(target, c.key, e.currentTarget.value)}
              onBlur={() => setShown({ ...shown, [c.key]: true })}
            />
            <small id={`${id(c.key)}-error`} class="field-error" aria-live="polite" data-testid="score-error">
              {problem}
            </small>
          </div>
        );
      })}
      {priceRow}
      <div class="evaluation-score-row evaluation-total">
        <span>{t('evaluation.score.total')}</span>
        <output data-testid="score-total">{points(typedTotal + (priceScore ?? 0))}</output>
      </div>
      {correcting ? (
        <>
          <div class="field">
            <label for={id('reason')}>{t('evaluation.correction.reason')}</label>
            <select
              id={id('reason')}
              value={reason}
              aria-invalid={shown.reason && !reason ? 'true' : 'false'}
              data-testid="score-correction-reason"
              onChange={(e) => store.setDraft(target, 'reason', e.currentTarget.value)}
            >
              <option value="">{t('evaluation.correction.choose')}</option>
              {CORRECTION_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`evaluation.correction.${r}` as MessageKey)}
                </option>
              ))}
            </select>
            <small class="field-error" aria-live="polite">
              {shown.reason && !reason ? t('evaluation.correction.reasonRequired') : ''}
            </small>
          </div>
          <div class="field">
            <label for={id('note')}>{t('evaluation.correction.note')}</label>
            <textarea
              id={id('note')}
              rows={2}
              maxLength={500}
              value={note}
              aria-invalid={shown.note && !note.trim() ? 'true' : 'false'}
              data-testid="score-correction-note-input"
              onInput={(e) => store.setDraft(target, 'note', e.currentTarget.value)}
            />
            <small class="field-error" aria-live="polite">
              {shown.note && !note.trim() ? t('evaluation.correction.noteRequired') : ''}
            </small>
          </div>
        </>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={!identity || busy} data-testid="score-submit">
          {t('evaluation.signAndSend')}
        </button>
        {correcting ? (
          <button
            type="button"
            class="btn"
            onClick={() => {
              store.replaceDraft(target, null);
              setCorrecting(false);
            }}
          >
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
      <SendState store={store} target={target} />
    </form>
  );
}
