import { h, mount } from '../../dom.js';
import { formatBytes, formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import { complaintActions } from './actions.js';
import { complaintsApi, type ComplaintView } from './api.js';
import { clockLine, complaintStatusBadge } from './words.js';

/**
 * One complaint in a modal dialog: what was claimed and with which evidence, each step so far with who took it
 * and when (Beijing time), and the next steps the reader may take. Escape closes it; the focus stays inside.
 * `onChange` runs after each step so the list behind shows the new status.
 */
export function openComplaintDialog(complaint: ComplaintView, user: User, onChange: () => void): void {
  const body = h('div', { class: 'dialog-body' });
  const dialog = h(
    'dialog',
    { class: 'dialog dialog-wide', 'data-testid': 'complaint-dialog', 'aria-labelledby': 'complaint-title' },
    body,
  );
  const render = (c: ComplaintView, notice?: string) => {
    const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
    if (notice) mount(messages, h('div', { class: 'alert alert-success', role: 'status' }, notice));
    const step = (run: () => Promise<ComplaintView>) =>
      void run().then(
        (next) => {
          render(next, t('complaints.done'));
          onChange();
        },
        (error: unknown) => mount(messages, errorBox(error, 'complaint-error')),
      );
    mount(
      body,
      h('h2', { id: 'complaint-title' }, c.tender.title),
      h('p', {}, complaintStatusBadge(c.status), ' ', clockLine(c)),
      user.role === 'supervisor'
        ? h('p', {}, h('a', { href: href(`supervision/tenders/${c.tender.id}`) }, t('complaints.tenderLink')))
        : null,
      h(
        'p',
        { class: 'muted' },
        t('complaints.filedBy', {
          party: c.complainant.name,
          name: c.complainant.filedByName,
          time: formatDateTime(c.filedAt),
        }),
        ' · ',
        t('complaints.knewOnLine', { date: c.knewOn }),
      ),
      h('h3', {}, t('complaints.facts')),
      h('p', { class: 'complaint-text' }, c.facts),
      h('h3', {}, t('complaints.request')),
      h('p', { class: 'complaint-text' }, c.request),
      evidenceList(c),
      history(c),
      messages,
      h('div', { class: 'complaint-steps' }, ...complaintActions(c, user, step)),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, t('complaints.close')),
      ),
    );
  };
  dialog.addEventListener('close', () => dialog.remove());
  render(complaint);
  document.body.append(dialog);
  dialog.showModal();
}

/** The evidence files, each downloaded with the reader's session (the server audits every read). */
function evidenceList(c: ComplaintView): HTMLElement {
  const download = async (id: string, name: string) => {
    const blob = await complaintsApi.evidenceFile(c.id, id);
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return h(
    'div',
    {},
    h('h3', {}, t('complaints.evidence')),
    h(
      'ul',
      { 'data-testid': 'complaint-evidence' },
      ...c.evidence.map((e) =>
        h(
          'li',
          {},
          `${e.name} (${formatBytes(e.size)}) `,
          h(
            'button',
            { type: 'button', class: 'btn btn-small', onclick: () => void download(e.id, e.name) },
            t('complaints.download'),
          ),
        ),
      ),
    ),
  );
}

/** The steps taken: acceptance, the answer, the clock stops, the decision or the withdrawal. */
function history(c: ComplaintView): HTMLElement {
  const items: HTMLElement[] = [];
  const a = c.acceptance;
  if (a.reviewedAt && a.reviewedByName)
    items.push(
      h(
        'li',
        {},
        t('complaints.reviewed', {
          name: a.reviewedByName,
          time: formatDateTime(a.reviewedAt),
          what: t(c.status === 'not-accepted' ? 'complaints.reject' : 'complaints.accept'),
          reason: a.reason ?? '',
        }),
      ),
    );
  if (c.answer)
    items.push(
      h(
        'li',
        {},
        h('strong', {}, t('complaints.answer')),
        ' ',
        t('complaints.answeredBy', {
          name: c.answer.answeredByName,
          time: formatDateTime(c.answer.answeredAt),
        }),
        h('p', { class: 'complaint-text' }, c.answer.text),
      ),
    );
  for (const s of c.clockStops)
    items.push(
      h(
        'li',
        { 'data-testid': 'complaint-stop-line' },
        t('complaints.stopLine', {
          kind: t(`complaints.stopKind.${s.kind}`),
          reason: s.reason,
          from: formatDateTime(s.startedAt),
          to: s.endedAt ? t('complaints.stopTo', { time: formatDateTime(s.endedAt) }) : '',
        }),
      ),
    );
  if (c.decision)
    items.push(
      h(
        'li',
        { 'data-testid': 'complaint-decision' },
        h('strong', {}, t(`complaints.conclusion.${c.decision.conclusion}`)),
        ' ',
        t('complaints.decidedBy', {
          name: c.decision.decidedByName,
          time: formatDateTime(c.decision.decidedAt),
        }),
        h('p', { class: 'complaint-text' }, c.decision.text),
      ),
    );
  if (c.withdrawal)
    items.push(
      h(
        'li',
        {},
        t('complaints.withdrawnLine', {
          time: formatDateTime(c.withdrawal.withdrawnAt),
          reason: c.withdrawal.reason,
        }),
      ),
    );
  return h('ul', { class: 'sv-progress' }, ...items);
}
