import { h } from '../dom.js';
import { t } from '../i18n/index.js';

export interface DecisionRequest {
  title: string;
  confirmLabel: string;
  /** Ask for a reason (required), as a rejection must state why. */
  withReason: boolean;
  danger?: boolean;
  /** The reason's label and the message when it is missing (default: a rejection's). */
  reasonLabel?: string;
  reasonMissing?: string;
  /** A paragraph under the title: what confirming will do. */
  body?: string;
}

/** A modal confirmation; resolves to the reason ('' when none was asked) or null when cancelled. */
export function askDecision(request: DecisionRequest): Promise<string | null> {
  return new Promise((resolve) => {
    const reason = h('textarea', {
      name: 'reason',
      rows: 3,
      maxlength: 500,
      'data-testid': 'decision-reason',
    });
    const reasonError = h('small', { class: 'field-error', 'aria-live': 'polite' });
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-body' },
      h('h2', {}, request.title),
      request.body ? h('p', { class: 'dialog-text' }, request.body) : null,
      request.withReason
        ? h(
            'div',
            { class: 'field' },
            h('label', { for: 'decision-reason' }, request.reasonLabel ?? t('parties.rejectReason')),
            reason,
            reasonError,
          )
        : null,
      h(
        'div',
        { class: 'dialog-actions' },
        h(
          'button',
          { type: 'button', class: 'btn', value: 'cancel', 'data-testid': 'decision-cancel' },
          t('common.cancel'),
        ),
        h(
          'button',
          {
            type: 'submit',
            class: `btn ${request.danger ? 'btn-danger' : 'btn-primary'}`,
            'data-testid': 'decision-confirm',
          },
          request.confirmLabel,
        ),
      ),
    );
    reason.id = 'decision-reason';
    const dialog = h('dialog', { class: 'dialog', 'data-testid': 'decision-dialog' }, form);
    let answer: string | null = null;

    form.addEventListener('submit', (event) => {
      if (request.withReason && reason.value.trim().length < 2) {
        event.preventDefault();
        reasonError.textContent = request.reasonMissing ?? t('parties.rejectReasonRequired');
        reason.focus();
        return;
      }
      answer = reason.value.trim();
    });
    form.querySelector('[value="cancel"]')?.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
