import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { errorBox, field } from '../../ui.js';
import { complaintsApi } from './api.js';
import './complaints.css';

/** Beijing today as YYYY-MM-DD: the latest date one can have known of a harm. */
const beijingToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The 投诉 button on a published tender, for bidders: opens the filing dialog. */
export function complaintButton(tender: { id: string; title: string }): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      'data-testid': 'tender-complain',
      onclick: () => openFilingDialog(tender),
    },
    t('complaints.fileButton'),
  );
}

/**
 * The filing form: facts, request, the date of knowing and the evidence files. The files are uploaded one by
 * one first (each checked for type and size by the server), then the complaint names them.
 */
function openFilingDialog(tender: { id: string; title: string }): void {
  const facts = h('textarea', { name: 'facts', rows: 5, maxlength: 10_000, required: true });
  const request = h('textarea', { name: 'request', rows: 3, maxlength: 2000, required: true });
  const knewOn = h('input', { type: 'date', name: 'knewOn', max: beijingToday(), required: true });
  const files = h('input', {
    type: 'file',
    name: 'evidence',
    multiple: true,
    accept: '.pdf,.png,.jpg,.jpeg,.ofd,application/pdf,image/png,image/jpeg,application/ofd',
    required: true,
  });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'complaint-submit' },
    t('complaints.submit'),
  );
  const form = h(
    'form',
    { class: 'complaint-form dialog-body', 'data-testid': 'complaint-file-form' },
    h('h2', { id: 'complaint-file-title' }, t('complaints.fileTitle')),
    h('p', {}, h('strong', {}, tender.title)),
    h('p', { class: 'muted' }, t('complaints.fileIntro')),
    field(t('complaints.facts'), facts),
    field(t('complaints.request'), request),
    field(t('complaints.knewOn'), knewOn),
    field(t('complaints.evidence'), files),
    messages,
    h(
      'div',
      { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, t('complaints.cancel')),
      submit,
    ),
  );
  const dialog = h(
    'dialog',
    {
      class: 'dialog dialog-wide',
      'data-testid': 'complaint-file-dialog',
      'aria-labelledby': 'complaint-file-title',
    },
    form,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = [...(files.files ?? [])];
    if (chosen.length === 0) {
      mount(
        messages,
        h('div', { class: 'alert alert-error', role: 'alert' }, t('complaints.evidenceRequired')),
      );
      files.focus();
      return;
    }
    submit.disabled = true;
    void (async () => {
      try {
        const evidenceIds: string[] = [];
        for (const file of chosen) {
          mount(messages, h('p', { class: 'muted' }, t('complaints.uploading', { name: file.name })));
          evidenceIds.push((await complaintsApi.uploadEvidence(file)).id);
        }
        const complaint = await complaintsApi.file({
          tenderId: tender.id,
          facts: facts.value.trim(),
          request: request.value.trim(),
          knewOn: knewOn.value,
          evidenceIds,
        });
        mount(
          messages,
          h(
            'div',
            { class: 'alert alert-success', role: 'status', 'data-testid': 'complaint-filed' },
            t('complaints.filed', { due: formatDateTime(complaint.acceptance.dueAt) }),
          ),
        );
        setTimeout(() => {
          dialog.close();
          navigate('complaints');
        }, 1500);
      } catch (error) {
        mount(messages, errorBox(error, 'complaint-error'));
        submit.disabled = false;
      }
    })();
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
