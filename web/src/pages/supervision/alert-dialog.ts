import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import { alertStatusBadge, evidenceList, indicatorName, severityBadge } from './alert-words.js';
import { supervisionApi, type AlertConclusion, type SupervisionAlertView } from './tender-api.js';

const CONCLUSIONS: AlertConclusion[] = ['dismissed', 'warning', 'case-opened'];
/** Indicators read from the opened prices: their evidence is in the opening record, shown in the hall. */
const PRICE_INDICATORS = new Set(['price-steps', 'price-close', 'near-budget', 'single-bid']);

/**
 * One alert in a modal dialog: the evidence in words, who took it up and resolved it, and the next step —
 * take it up (open), or resolve it with a conclusion and a note (acknowledged). Keyboard: the dialog takes
 * the focus, Tab moves through it, Escape closes it. `onChange` runs after each step, with the alert as it is.
 */
export function openAlertDialog(
  alert: SupervisionAlertView,
  tenderName: string | null,
  onChange: (alert: SupervisionAlertView) => void,
): void {
  const body = h('div', { class: 'dialog-body' });
  const dialog = h(
    'dialog',
    { class: 'dialog dialog-wide', 'data-testid': 'alert-dialog', 'aria-labelledby': 'alert-dialog-title' },
    body,
  );
  const render = (current: SupervisionAlertView, notice?: string) => {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    if (notice)
      mount(
        messages,
        h('div', { class: 'alert alert-success', role: 'status', 'data-testid': 'alert-done' }, notice),
      );
    const fail = (error: unknown) => mount(messages, errorBox(error, 'alert-error'));
    const step = async (run: () => Promise<SupervisionAlertView>, done: string) => {
      try {
        const next = await run();
        render(next, done);
        onChange(next);
      } catch (error) {
        fail(error);
      }
    };
    mount(
      body,
      h('h2', { id: 'alert-dialog-title' }, indicatorName(current.indicator)),
      h('p', { class: 'sv-badges' }, severityBadge(current.severity), ' ', alertStatusBadge(current.status)),
      h(
        'p',
        {},
        h(
          'a',
          { href: href(`supervision/tenders/${current.tenderId}`), 'data-testid': 'alert-tender-link' },
          tenderName ?? t('alerts.openTender'),
        ),
        PRICE_INDICATORS.has(current.indicator)
          ? [' · ', h('a', { href: href(`tenders/${current.tenderId}/opening`) }, t('alerts.openHall'))]
          : null,
      ),
      h('p', { class: 'muted' }, t('alerts.raisedAt', { time: formatDateTime(current.raisedAt) })),
      evidenceList(current),
      progress(current),
      messages,
      current.status === 'acknowledged' ? resolveForm(current, step, fail) : null,
      h(
        'div',
        { class: 'dialog-actions' },
        h(
          'button',
          { type: 'button', class: 'btn', 'data-testid': 'alert-close', onclick: () => dialog.close() },
          t('alerts.close'),
        ),
        current.status === 'open'
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn btn-primary',
                'data-testid': 'alert-acknowledge',
                onclick: () =>
                  void step(() => supervisionApi.acknowledge(current.id), t('alerts.acknowledged')),
              },
              t('alerts.acknowledge'),
            )
          : null,
      ),
    );
  };
  dialog.addEventListener('close', () => dialog.remove());
  render(alert);
  document.body.append(dialog);
  dialog.showModal();
}

/** Who took the alert up and who resolved it, with the conclusion and the note. */
function progress(alert: SupervisionAlertView): HTMLElement | null {
  const lines: HTMLElement[] = [];
  const name = (who: SupervisionAlertView['acknowledgedBy']) => who?.name ?? t('alerts.someone');
  if (alert.acknowledgedAt)
    lines.push(
      h(
        'li',
        {},
        t('alerts.acknowledgedBy', {
          name: name(alert.acknowledgedBy),
          time: formatDateTime(alert.acknowledgedAt),
        }),
      ),
    );
  if (alert.resolvedAt) {
    lines.push(
      h(
        'li',
        {},
        t('alerts.resolvedBy', { name: name(alert.resolvedBy), time: formatDateTime(alert.resolvedAt) }),
      ),
    );
    if (alert.conclusion)
      lines.push(
        h(
          'li',
          { 'data-testid': 'alert-conclusion' },
          h('strong', {}, t(`alerts.conclusion.${alert.conclusion}`)),
        ),
      );
    if (alert.resolutionNote)
      lines.push(h('li', {}, t('alerts.resolutionNote', { note: alert.resolutionNote })));
  }
  return lines.length ? h('ul', { class: 'sv-progress' }, ...lines) : null;
}

type Step = (run: () => Promise<SupervisionAlertView>, done: string) => Promise<void>;

/** The conclusion from the list and a note, both required; sent as the resolution. */
function resolveForm(alert: SupervisionAlertView, step: Step, fail: (error: unknown) => void): HTMLElement {
  const conclusion = h(
    'select',
    {
      name: 'conclusion',
      id: 'alert-conclusion',
      'data-testid': 'alert-conclusion-select',
      'aria-required': 'true',
    },
    h('option', { value: '' }, t('alerts.conclusionPick')),
    ...CONCLUSIONS.map((c) => h('option', { value: c }, t(`alerts.conclusion.${c}`))),
  );
  const note = h('textarea', {
    name: 'note',
    id: 'alert-note',
    rows: 3,
    maxlength: 2000,
    'data-testid': 'alert-note',
  });
  const problem = h('small', { class: 'field-error', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'sv-resolve', 'data-testid': 'alert-resolve-form' },
    h('h3', {}, t('alerts.resolveTitle')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'alert-conclusion' }, t('alerts.conclusionLabel')),
      conclusion,
    ),
    h('div', { class: 'field' }, h('label', { for: 'alert-note' }, t('alerts.noteLabel')), note, problem),
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'alert-resolve' },
      t('alerts.submitResolve'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = CONCLUSIONS.find((c) => c === conclusion.value);
    if (!picked) {
      problem.textContent = t('alerts.conclusionPick');
      conclusion.focus();
      return;
    }
    if (!note.value.trim()) {
      problem.textContent = t('alerts.noteRequired');
      note.focus();
      return;
    }
    void step(
      () => supervisionApi.resolve(alert.id, { conclusion: picked, note: note.value.trim() }),
      t('alerts.resolved'),
    ).catch(fail);
  });
  return form;
}
