import { ApiError } from './api.js';
import { h } from './dom.js';
import { formatDateTime } from './format.js';
import { isMessageKey, t } from './i18n/index.js';
import type { PartyStatus } from './types.js';

/** A message for people: localized by error code, else the server's own message. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.unknown', { code: String(error) });
  if (error.code === 'CREDIT_BARRED') return creditBarred(error.details);
  const key = `error.${error.code}`;
  if (isMessageKey(key)) return t(key);
  return error.message || t('error.unknown', { code: error.code });
}

/** A blacklisted bidder's refusal in words, naming the record that bars it (docs/domain.md §12). */
function creditBarred(details: unknown): string {
  const record = (details as { record?: { kindName?: string; basis?: string; validUntil?: string | null } })
    ?.record;
  if (!record?.kindName) return t('error.CREDIT_BARRED');
  return t('error.CREDIT_BARRED_NAMED', {
    kind: record.kindName,
    until: record.validUntil ? formatDateTime(record.validUntil) : t('credit.noEnd'),
    basis: record.basis ?? '',
  });
}

/** An alert box for an error, with the request id support staff need to find it in the logs. */
export function errorBox(error: unknown, testId = 'error'): HTMLElement {
  const requestId = error instanceof ApiError ? error.requestId : '';
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert', 'data-testid': testId },
    h('span', {}, errorMessage(error)),
    requestId ? h('small', { class: 'request-id' }, t('error.requestId', { id: requestId })) : null,
  );
}

export function statusBadge(status: PartyStatus): HTMLElement {
  return h('span', { class: `badge badge-${status}`, 'data-testid': 'party-status' }, t(`status.${status}`));
}

/** A labelled form field with a slot for its error message (`data-error-for`). */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  control.id ||= `f-${control.name.replace(/\W/g, '-')}`;
  const error = h('small', { class: 'field-error', 'data-error-for': control.name, 'aria-live': 'polite' });
  // An error is about the value that was sent: editing the field clears it.
  control.addEventListener('input', () => {
    error.textContent = '';
    control.setAttribute('aria-invalid', 'false');
  });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
    error,
  );
}

/** Shows `message` under the field named `name` (or clears it when empty); returns whether it was found. */
export function setFieldError(form: HTMLFormElement, name: string, message: string): boolean {
  const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
  const control = form.elements.namedItem(name);
  if (control instanceof HTMLElement) control.setAttribute('aria-invalid', message ? 'true' : 'false');
  if (slot) slot.textContent = message;
  return slot !== null;
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    setFieldError(form, slot.dataset.errorFor ?? '', '');
  }
}
