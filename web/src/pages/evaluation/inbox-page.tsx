import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { evaluationApi } from './api.js';
import { ErrorNote } from './common.js';
import type { EvaluationClarification } from './types.js';

const now = signal(Date.now());

function countdown(deadline: string): string {
  const ms = Date.parse(deadline) - now.value;
  if (ms <= 0) return t('evaluation.inbox.closed');
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return t('evaluation.inbox.left', {
    time: `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`,
  });
}

const drafts = signal<Record<string, string>>({});

function AnswerForm({
  item,
  answered,
}: {
  item: EvaluationClarification;
  answered: (c: EvaluationClarification) => void;
}) {
  const [confirmed, setConfirmed] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const text = drafts.value[item.id] ?? '';
  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!text.trim()) found.answer = t('evaluation.inbox.answerRequired');
    if (!confirmed) found.confirm = t('evaluation.inbox.confirmRequired');
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      answered(await evaluationApi.answer(item.id, { answer: text.trim(), noChangeOfSubstance: true }));
      const next = { ...drafts.value };
      delete next[item.id];
      drafts.value = next;
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const id = `answer-${item.id}`;
  return (
    <form noValidate onSubmit={(e) => void submit(e)} data-testid="inbox-answer-form">
      <div class="field">
        <label for={id}>{t('evaluation.inbox.answer')}</label>
        <textarea
          id={id}
          rows={4}
          maxLength={4000}
          value={text}
          aria-invalid={problems.answer ? 'true' : 'false'}
          data-testid="inbox-answer"
          onInput={(e) => (drafts.value = { ...drafts.value, [item.id]: e.currentTarget.value })}
        />
        <small class="field-error" aria-live="polite">
          {problems.answer}
        </small>
      </div>
      <div class="field">
        <label>
          <input
            type="checkbox"
            checked={confirmed}
            aria-invalid={problems.confirm ? 'true' : 'false'}
            data-testid="inbox-no-change"
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />{' '}
          {t('evaluation.inbox.noChange')}
        </label>
        <small class="field-error" aria-live="polite">
          {problems.confirm}
        </small>
      </div>
      <button type="submit" class="btn btn-primary" disabled={busy} data-testid="inbox-submit">
        {t('evaluation.inbox.send')}
      </button>
      <ErrorNote error={error} testId="inbox-error" />
    </form>
  );
}

/** 澄清答复: the committee's questions to the bidder's party, answered here before their deadline. */
export function ClarificationInbox() {
  const [items, setItems] = useState<EvaluationClarification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    evaluationApi.clarifications().then(setItems, setError);
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const replace = (c: EvaluationClarification) =>
    setItems((list) => list?.map((x) => (x.id === c.id ? c : x)) ?? null);
  return (
    <section class="evaluation-inbox" data-testid="clarification-inbox">
      <h1>{t('nav.clarifications')}</h1>
      <p class="lead">{t('evaluation.inbox.intro')}</p>
      <ErrorNote error={error} />
      {items === null && !error ? <p class="muted">{t('common.loading')}</p> : null}
      {items?.length === 0 ? (
        <p class="empty" data-testid="inbox-empty">
          {t('evaluation.inbox.empty')}
        </p>
      ) : null}
      {items?.map((c) => {
        const open = c.answer === null && Date.parse(c.answerDeadline) > now.value;
        return (
          <article key={c.id} class="card" data-testid="inbox-item">
            <h2>{c.tenderTitle}</h2>
            <p class="muted">
              {t('evaluation.clarify.askedAt', { time: formatDateTime(c.askedAt) })} ·{' '}
              {t('evaluation.clarify.deadlineAt', { time: formatDateTime(c.answerDeadline) })}
            </p>
            <p>
              {t('evaluation.clarify.q')}
              {c.question}
            </p>
            {c.answer !== null ? (
              <p data-testid="inbox-answered">
                {t('evaluation.clarify.a')}
                {c.answer} <small class="muted">({formatDateTime(c.answeredAt)})</small>
              </p>
            ) : (
              <p class={open ? 'alert alert-info' : 'alert alert-warn'} data-testid="inbox-countdown">
                {countdown(c.answerDeadline)}
              </p>
            )}
            {open ? <AnswerForm item={c} answered={replace} /> : null}
          </article>
        );
      })}
    </section>
  );
}
