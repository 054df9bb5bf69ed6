import { ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import type { Violation } from '../tender-types.js';
import { tendersApi } from '../tenders-api.js';
import { problemsOf, showViolations } from '../tender-ui.js';
import type { User } from '../types.js';
import { clearFieldErrors, errorBox } from '../ui.js';
import { askDecision } from './decision-dialog.js';
import { deleteDraft } from './tender-cancel.js';
import { documentsPanel } from './tender-documents.js';
import { tenderForm } from './tender-form.js';
import { fillDefaults, fillTender, readTender } from './tender-form-data.js';

/**
 * Writing a tender draft (`#/tenders/new`, `#/tenders/:id/edit`): save, check against the publication rules,
 * publish, delete the draft, and upload the tender documents. Every rule broken is shown next to its field.
 */
export function tenderEditPage(user: User, tenderId: string | null): HTMLElement {
  let id = tenderId;
  let dirty = id === null;
  const f = tenderForm(user.role);
  const title = h('h1', {}, t(id ? 'tenderForm.editTitle' : 'tenderForm.newTitle'));
  const messages = h('div', { class: 'messages', 'data-testid': 'tender-messages' });
  const summary = h('div', { class: 'messages' });
  const documents = h('section', { class: 'card tender-documents-card' });
  const button = (testId: string, label: string, cls = 'btn') =>
    h('button', { type: 'button', class: cls, 'data-testid': testId }, label);
  const save = button('tender-save', t('tenderForm.save'), 'btn btn-primary');
  const check = button('tender-check', t('tenderForm.check'));
  const publish = button('tender-publish', t('tenderForm.publish'), 'btn btn-accent');
  // The page only ever edits a draft, which is deleted (删除草稿), not terminated with a published notice.
  const cancel = button('tender-delete-draft', t('tender.deleteDraft'), 'btn btn-danger');
  const buttons = [save, check, publish, cancel];
  f.form.addEventListener('input', () => (dirty = true));
  f.form.addEventListener('change', () => (dirty = true));

  const notice = (kind: 'success' | 'error', text: string) =>
    mount(
      messages,
      h('div', { class: `alert alert-${kind}`, role: 'status', 'data-testid': `tender-${kind}` }, text),
    );

  function show(violations: Violation[]): void {
    clearFieldErrors(f.form);
    showViolations(f.form, violations, summary);
  }

  function showDocuments(): void {
    mount(
      documents,
      h('h2', {}, t('tender.documents')),
      id ? documentsPanel(id, { canUpload: true }) : h('p', { class: 'muted' }, t('tenderForm.saveFirst')),
    );
    cancel.hidden = id === null;
  }

  /** Saves the form; returns the rules still broken, or null when it could not be saved. */
  async function saveDraft(): Promise<Violation[] | null> {
    const { input, problems } = readTender(f);
    if (problems.length > 0) {
      show(problems);
      notice('error', t('tenderForm.fixFirst'));
      return null;
    }
    try {
      const saved = id ? await tendersApi.update(id, input) : await tendersApi.create(input);
      if (!id) {
        id = saved.tender.id;
        // The page stays (with its messages); only the address changes to the draft's own.
        history.replaceState(null, '', href(`tenders/${id}/edit`));
        showDocuments();
      }
      title.textContent = t('tenderForm.editTitleCode', { code: saved.tender.code });
      dirty = false;
      show(saved.violations);
      notice('success', t('tenderForm.saved'));
      return saved.violations;
    } catch (error) {
      show(problemsOf(error));
      mount(messages, errorBox(error));
      return null;
    }
  }

  /** Runs an action with the buttons disabled, so a double click does not send it twice. */
  const busy = (action: () => Promise<void>) => async () => {
    for (const b of buttons) b.disabled = true;
    try {
      await action();
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  };

  save.addEventListener(
    'click',
    busy(async () => void (await saveDraft())),
  );
  check.addEventListener(
    'click',
    busy(async () => {
      if ((dirty || !id) && (await saveDraft()) === null) return;
      try {
        const result = await tendersApi.check(id!);
        show(result.violations);
        notice(
          result.ok ? 'success' : 'error',
          t(result.ok ? 'tenderForm.checkOk' : 'tenderForm.checkFailed'),
        );
        // The verdict and the list of broken rules are at the top of a long form: bring them into view.
        messages.scrollIntoView({ block: 'start' });
      } catch (error) {
        mount(messages, errorBox(error));
      }
    }),
  );
  publish.addEventListener(
    'click',
    busy(async () => {
      const confirmed = await askDecision({
        title: t('tenderForm.publishConfirm'),
        body: t('tenderForm.publishBody'),
        confirmLabel: t('tenderForm.publish'),
        withReason: false,
      });
      if (confirmed === null) return;
      if ((dirty || !id) && (await saveDraft()) === null) return;
      try {
        await tendersApi.publish(id!);
        navigate(`tenders/${id}`, { published: '1' });
      } catch (error) {
        show(problemsOf(error));
        const rules = error instanceof ApiError && error.code === 'RULE_VIOLATION';
        if (rules) notice('error', t('tenderForm.publishBlocked'));
        else mount(messages, errorBox(error));
      }
    }),
  );
  cancel.addEventListener(
    'click',
    busy(() => deleteDraft(id!, messages)),
  );

  if (id) {
    f.form.hidden = true;
    tendersApi.get(id).then(
      (tender) => {
        if (tender.status !== 'draft') return navigate(`tenders/${tender.id}`);
        title.textContent = t('tenderForm.editTitleCode', { code: tender.code });
        fillTender(f, tender);
        f.form.hidden = false;
        dirty = false;
      },
      (error: unknown) => mount(messages, errorBox(error)),
    );
  } else {
    fillDefaults(f);
  }
  showDocuments();

  return h(
    'section',
    { class: 'tender-edit', 'data-testid': 'tender-edit-page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('tenders') }, t('nav.tenders'))),
    title,
    messages,
    summary,
    f.form,
    h(
      'div',
      { class: 'form-actions sticky-actions' },
      cancel,
      h('span', { class: 'spacer' }),
      save,
      check,
      publish,
    ),
    documents,
  );
}
