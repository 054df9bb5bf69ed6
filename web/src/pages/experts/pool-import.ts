/** Importing a CSV or JSON file of experts: preview first (nothing written), then import all or nothing. */
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { expertsApi, type ImportResult } from './api.js';
import { explainedError, notice, problemTable } from './common.js';

const COLUMNS = 'name,idNumber,employerUscc,employerName,regionCode,title,yearsOfPractice,specialties,phone';

export function importCard(onImported: () => void): HTMLElement {
  const file = h('input', {
    type: 'file',
    name: 'expert-file',
    accept: '.csv,.json,text/csv,application/json',
    'aria-label': t('a11y.expertFile'),
    'data-testid': 'import-file',
  });
  const previewButton = h(
    'button',
    { type: 'button', class: 'btn', disabled: true, 'data-testid': 'import-preview' },
    t('experts.import.preview'),
  );
  const commitButton = h(
    'button',
    { type: 'button', class: 'btn btn-primary', disabled: true, 'data-testid': 'import-commit' },
    t('experts.import.commit'),
  );
  const result = h('div', { class: 'ex-import-result', 'aria-live': 'polite' });
  // The file the clean preview was made of: importing anything else needs a new preview.
  let previewed: File | null = null;

  const chosen = () => file.files?.[0] ?? null;
  file.addEventListener('change', () => {
    previewed = null;
    commitButton.disabled = true;
    previewButton.disabled = !chosen();
    mount(result);
  });

  async function send(preview: boolean): Promise<void> {
    const picked = chosen();
    if (!picked) return;
    previewButton.disabled = commitButton.disabled = true;
    mount(result, h('span', { class: 'muted' }, t('common.loading')));
    try {
      const outcome = await expertsApi.importFile(picked, preview);
      if (preview) {
        previewed = outcome.errors.length === 0 && outcome.total > 0 ? picked : null;
        mount(result, previewView(outcome));
      } else {
        previewed = null;
        mount(
          result,
          notice(
            t('experts.import.done', {
              created: outcome.created,
              updated: outcome.updated,
              unchanged: outcome.unchanged,
            }),
            'import-done',
          ),
        );
        onImported();
      }
    } catch (error) {
      previewed = null;
      mount(result, error instanceof SyntaxError ? badJson(error) : explainedError(error));
    } finally {
      previewButton.disabled = !chosen();
      commitButton.disabled = previewed !== picked || chosen() !== picked;
    }
  }
  previewButton.addEventListener('click', () => void send(true));
  commitButton.addEventListener('click', () => void send(false));

  return h(
    'section',
    { class: 'card ex-import', 'data-testid': 'expert-import' },
    h('h2', {}, t('experts.import.title')),
    h('p', { class: 'hint' }, t('experts.import.intro')),
    h('p', { class: 'hint' }, t('experts.import.columns'), ' ', h('code', {}, COLUMNS)),
    h('div', { class: 'ex-import-actions' }, file, previewButton, commitButton),
    result,
  );
}

function badJson(error: SyntaxError): HTMLElement {
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert', 'data-testid': 'error' },
    t('experts.import.badJson', { message: error.message }),
  );
}

function previewView(outcome: ImportResult): HTMLElement {
  const summary = t('experts.import.summary', {
    total: outcome.total,
    created: outcome.created,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
  });
  if (outcome.errors.length > 0) {
    return h(
      'div',
      { 'data-testid': 'import-preview-result', 'data-ok': 'false' },
      h(
        'div',
        { class: 'alert alert-error', role: 'alert', 'data-testid': 'import-has-errors' },
        t('experts.import.hasErrors', { n: outcome.errors.length }),
      ),
      problemTable(outcome.errors),
    );
  }
  return h(
    'div',
    { 'data-testid': 'import-preview-result', 'data-ok': 'true' },
    notice(`${t('experts.import.clean')} ${summary}`, 'import-clean', 'info'),
    outcome.changes.length > 0 ? changesTable(outcome) : null,
  );
}

function changesTable(outcome: ImportResult): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'import-changes' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          (['line', 'action', 'name', 'idNumber', 'fields'] as const).map((c) =>
            h('th', { scope: 'col' }, t(`experts.import.col.${c}`)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        outcome.changes.map((c) =>
          h(
            'tr',
            { 'data-testid': 'import-change', 'data-action': c.action },
            h('td', { class: 'num' }, c.line),
            h('td', {}, t(`experts.import.action.${c.action}`)),
            h('td', {}, c.name),
            h('td', { class: 'mono' }, c.idNumber),
            h('td', { class: 'mono' }, c.fields.join(', ')),
          ),
        ),
      ),
    ),
  );
}
