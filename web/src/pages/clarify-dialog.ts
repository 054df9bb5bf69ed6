import { ApiError } from '../api.js';
import { fieldValue, h, mount } from '../dom.js';
import { formatDateTime, fromBeijingInput } from '../format.js';
import { t } from '../i18n/index.js';
import {
  CLARIFICATION_KINDS,
  type ClarificationKind,
  type DeadlinePreview,
  type TenderView,
} from '../tender-types.js';
import { tendersApi } from '../tenders-api.js';
import { problemsOf, showViolations } from '../tender-ui.js';
import { clearFieldErrors, errorBox, field } from '../ui.js';
import { beijingInput, input, select } from './form-controls.js';

/**
 * A clarification or amendment (澄清/修改, ZB Art.23). The bid deadline it leads to is shown first — it moves
 * out when fewer than 15 days are left — and the user publishes only after seeing it; the server refuses
 * (DEADLINE_CHANGED) if it changed meanwhile, and the new deadline is shown for another confirmation.
 */
export function clarifyDialog(tender: TenderView, onDone: () => void): void {
  let preview: DeadlinePreview | null = null;
  const outcome = h('div', {
    class: 'deadline-preview',
    'data-testid': 'clarify-preview',
    'aria-live': 'polite',
  });
  const messages = h('div', { class: 'messages' });
  const summary = h('div', { class: 'messages' });
  const previewButton = h(
    'button',
    { type: 'button', class: 'btn', 'data-testid': 'clarify-preview-button' },
    t('clarify.preview'),
  );
  const confirm = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', disabled: true, 'data-testid': 'clarify-confirm' },
    t('clarify.confirm'),
  );
  const form = h(
    'form',
    { class: 'dialog-body', novalidate: true },
    h('h2', {}, t('clarify.title', { code: tender.code })),
    messages,
    summary,
    field(
      t('clarify.kind'),
      select(
        'kind',
        CLARIFICATION_KINDS.map((k) => [k, t(`clarify.kind.${k}`)]),
      ),
    ),
    field(t('clarify.subject'), input('title', { maxlength: 200 })),
    field(t('clarify.body'), h('textarea', { name: 'body', rows: 6, 'data-testid': 'tf-body' })),
    field(
      t('clarify.newDeadline'),
      beijingInput('bidDeadline'),
      t('clarify.newDeadlineHint', { at: formatDateTime(tender.schedule.bidDeadline) }),
    ),
    outcome,
    h(
      'div',
      { class: 'dialog-actions' },
      h(
        'button',
        { type: 'button', class: 'btn', 'data-testid': 'clarify-cancel', onclick: () => dialog.close() },
        t('common.cancel'),
      ),
      previewButton,
      confirm,
    ),
  );
  const dialog = h('dialog', { class: 'dialog dialog-wide', 'data-testid': 'clarify-dialog' }, form);

  const kind = () => fieldValue(form, 'kind') as ClarificationKind;
  const requested = () => fromBeijingInput(fieldValue(form, 'bidDeadline')) ?? undefined;

  function showPreview(next: DeadlinePreview | null): void {
    preview = next;
    confirm.disabled = next === null;
    if (!next) return mount(outcome);
    mount(
      outcome,
      h(
        'div',
        { class: `alert ${next.moved ? 'alert-warn' : 'alert-info'}`, 'data-moved': String(next.moved) },
        h(
          'strong',
          { 'data-testid': 'clarify-deadline' },
          t('clarify.resultDeadline', { at: formatDateTime(next.bidDeadline) }),
        ),
        h(
          'p',
          {},
          next.moved
            ? t('clarify.moved', { from: formatDateTime(next.previousBidDeadline) })
            : t('clarify.notMoved'),
        ),
      ),
    );
  }

  // What the preview showed holds only for what was asked: changing the kind or the deadline asks again.
  for (const name of ['kind', 'bidDeadline']) {
    form.querySelector(`[name="${name}"]`)?.addEventListener('change', () => showPreview(null));
  }
  previewButton.addEventListener('click', async () => {
    clearFieldErrors(form);
    mount(messages);
    try {
      showPreview(await tendersApi.previewClarification(tender.id, kind(), requested()));
    } catch (error) {
      showViolations(form, problemsOf(error), summary);
      mount(messages, errorBox(error));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!preview) return;
    clearFieldErrors(form);
    confirm.disabled = true;
    try {
      await tendersApi.clarify(tender.id, {
        kind: kind(),
        title: fieldValue(form, 'title'),
        body: fieldValue(form, 'body'),
        bidDeadline: requested(),
        confirmBidDeadline: preview.bidDeadline,
      });
      dialog.close();
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DEADLINE_CHANGED') {
        const bidDeadline = (error.details as { bidDeadline?: string } | undefined)?.bidDeadline;
        showPreview(
          bidDeadline
            ? { ...preview, bidDeadline, moved: bidDeadline !== preview.previousBidDeadline }
            : null,
        );
        mount(messages, h('div', { class: 'alert alert-warn', role: 'alert' }, t('clarify.deadlineChanged')));
        return;
      }
      showViolations(form, problemsOf(error), summary);
      mount(messages, errorBox(error));
      confirm.disabled = false;
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
