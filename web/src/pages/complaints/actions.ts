import { h } from '../../dom.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { User } from '../../types.js';
import { complaintsApi, type ClockStopKind, type ComplaintConclusion, type ComplaintView } from './api.js';

const CONCLUSIONS: ComplaintConclusion[] = ['upheld', 'partly-upheld', 'dismissed', 'malicious'];
const STOP_KINDS: ClockStopKind[] = ['expert-review', 'inspection'];

/** Runs a step and shows what came of it; the dialog re-renders with the complaint as it now is. */
export type Step = (run: () => Promise<ComplaintView>) => void;

let ids = 0;

/** A labelled, required text area with the message that shows when it is left empty. */
function textArea(label: MessageKey, name: string, rows = 3) {
  ids += 1;
  const area = h('textarea', { id: `complaint-${name}-${ids}`, name, rows, 'aria-required': 'true' });
  const problem = h('small', { class: 'field-error', 'aria-live': 'polite' });
  const field = h('div', { class: 'field' }, h('label', { for: area.id }, t(label)), area, problem);
  const value = () => {
    const text = area.value.trim();
    problem.textContent = text ? '' : t('complaints.reasonRequired');
    if (!text) area.focus();
    return text || null;
  };
  return { field, value };
}

function picker<T extends string>(label: MessageKey, name: string, options: [T, string][], pick?: string) {
  ids += 1;
  const select = h(
    'select',
    { id: `complaint-${name}-${ids}`, name, 'aria-required': 'true' },
    pick ? h('option', { value: '' }, pick) : null,
    ...options.map(([value, text]) => h('option', { value }, text)),
  );
  const field = h('div', { class: 'field' }, h('label', { for: select.id }, t(label)), select);
  const value = () => {
    const found = options.find(([v]) => v === select.value)?.[0] ?? null;
    if (!found) select.focus();
    return found;
  };
  return { field, value };
}

const button = (label: MessageKey, testId: string, onclick: () => void, primary = false) =>
  h(
    'button',
    { type: 'button', class: `btn ${primary ? 'btn-primary' : ''}`, 'data-testid': testId, onclick },
    t(label),
  );

const form = (title: MessageKey, testId: string, ...content: (HTMLElement | null)[]) =>
  h(
    'form',
    { class: 'complaint-form', 'data-testid': testId, onsubmit: (e: Event) => e.preventDefault() },
    h('h3', {}, t(title)),
    ...content,
  );

/** The next steps this reader may take on the complaint, as forms; none when there are none. */
export function complaintActions(c: ComplaintView, user: User, step: Step): HTMLElement[] {
  const id = c.id;
  if (user.role === 'supervisor') {
    if (c.status === 'filed') {
      const reason = textArea('complaints.reason', 'review-reason');
      const review = (decision: 'accept' | 'reject') => {
        const text = reason.value();
        if (text) step(() => complaintsApi.review(id, { decision, reason: text }));
      };
      return [
        form(
          'complaints.accept',
          'complaint-review-form',
          reason.field,
          h(
            'div',
            { class: 'dialog-actions' },
            button('complaints.reject', 'complaint-reject', () => review('reject')),
            button('complaints.accept', 'complaint-accept', () => review('accept'), true),
          ),
        ),
      ];
    }
    if (c.status !== 'accepted') return [];
    if (c.decisionClock?.stopped)
      return [
        h(
          'div',
          { class: 'dialog-actions' },
          button(
            'complaints.resumeClock',
            'complaint-resume',
            () => step(() => complaintsApi.resumeClock(id)),
            true,
          ),
        ),
      ];
    const kind = picker<ClockStopKind>(
      'complaints.stopKindLabel',
      'stop-kind',
      STOP_KINDS.map((k) => [k, t(`complaints.stopKind.${k}`)]),
    );
    const stopReason = textArea('complaints.reason', 'stop-reason', 2);
    const conclusion = picker<ComplaintConclusion>(
      'complaints.conclusionLabel',
      'conclusion',
      CONCLUSIONS.map((k) => [k, t(`complaints.conclusion.${k}`)]),
      t('complaints.conclusionPick'),
    );
    const text = textArea('complaints.decisionText', 'decision-text', 6);
    return [
      form(
        'complaints.stopClock',
        'complaint-stop-form',
        kind.field,
        stopReason.field,
        button('complaints.stopClock', 'complaint-stop', () => {
          const k = kind.value();
          const reason = stopReason.value();
          if (k && reason) step(() => complaintsApi.stopClock(id, { kind: k, reason }));
        }),
      ),
      form(
        'complaints.decide',
        'complaint-decide-form',
        conclusion.field,
        text.field,
        button(
          'complaints.decide',
          'complaint-decide',
          () => {
            const picked = conclusion.value();
            const body = picked && text.value();
            if (picked && body) step(() => complaintsApi.decide(id, { conclusion: picked, text: body }));
          },
          true,
        ),
      ),
    ];
  }
  if ((user.role === 'tenderee' || user.role === 'agency') && c.status === 'accepted' && !c.answer) {
    const answer = textArea('complaints.answerLabel', 'answer', 5);
    return [
      form(
        'complaints.answer',
        'complaint-answer-form',
        answer.field,
        button(
          'complaints.submitAnswer',
          'complaint-answer',
          () => {
            const text = answer.value();
            if (text) step(() => complaintsApi.answer(id, text));
          },
          true,
        ),
      ),
    ];
  }
  if (user.role === 'bidder' && (c.status === 'filed' || c.status === 'accepted')) {
    const reason = textArea('complaints.reason', 'withdraw-reason', 2);
    return [
      form(
        'complaints.withdraw',
        'complaint-withdraw-form',
        reason.field,
        button('complaints.withdraw', 'complaint-withdraw', () => {
          const text = reason.value();
          if (text) step(() => complaintsApi.withdraw(id, text));
        }),
      ),
    ];
  }
  return [];
}
