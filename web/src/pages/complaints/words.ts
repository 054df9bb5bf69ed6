import { h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import type { ComplaintStatus, ComplaintView } from './api.js';
import './complaints.css';

export function complaintStatusBadge(status: ComplaintStatus): HTMLElement {
  return h(
    'span',
    { class: `badge badge-complaint-${status}`, 'data-testid': 'complaint-status' },
    t(`complaints.status.${status}`),
  );
}

interface Clock {
  dueAt: string | null;
  overdue: boolean;
  estimated: boolean;
  workingDaysLeft: number;
}

/** "受理期限 2026-10-10 23:59 · 剩余 2 个工作日" or "已逾期"; the clock a complaint waits on now, or null. */
export function clockLine(c: ComplaintView): HTMLElement | null {
  const line = (label: 'complaints.acceptDue' | 'complaints.decisionDue', clock: Clock) =>
    h(
      'span',
      { 'data-testid': 'complaint-clock' },
      t(label, { due: formatDateTime(clock.dueAt) }),
      clock.estimated ? t('complaints.estimated') : '',
      ' · ',
      clock.overdue
        ? h('span', { class: 'complaint-overdue' }, t('complaints.overdue'))
        : clock.workingDaysLeft === 0
          ? h('strong', {}, t('complaints.lastDay'))
          : t('complaints.daysLeft', { n: clock.workingDaysLeft }),
    );
  if (c.status === 'filed') return line('complaints.acceptDue', c.acceptance);
  const d = c.decisionClock;
  if (c.status !== 'accepted' || !d) return null;
  if (d.stopped)
    return h(
      'span',
      { 'data-testid': 'complaint-clock' },
      t('complaints.stopped', { used: d.workingDaysUsed }),
    );
  return line('complaints.decisionDue', d);
}

/** The complaints as a table that turns into one card per complaint on a narrow screen. */
export function complaintsTable(
  items: ComplaintView[],
  open: (c: ComplaintView) => void,
  withComplainant: boolean,
): HTMLElement {
  const cell = (label: string, ...content: (Node | string | null)[]) =>
    h('td', { 'data-label': label }, h('div', { class: 'sv-cell' }, ...content));
  const cols = [
    t('complaints.colTender'),
    withComplainant ? t('complaints.colComplainant') : null,
    t('complaints.colFiled'),
    t('complaints.colStatus'),
    t('complaints.colDue'),
    t('complaints.colActions'),
  ].filter((c): c is string => c !== null);
  return h(
    'div',
    { class: 'table-wrap sv-cards-wrap' },
    h(
      'table',
      { class: 'table sv-cards', 'data-testid': 'complaints-table' },
      h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...items.map((c) =>
          h(
            'tr',
            { 'data-testid': 'complaint-row', 'data-status': c.status },
            cell(t('complaints.colTender'), h('strong', {}, c.tender.title)),
            withComplainant ? cell(t('complaints.colComplainant'), c.complainant.name) : null,
            cell(t('complaints.colFiled'), formatDateTime(c.filedAt)),
            cell(t('complaints.colStatus'), complaintStatusBadge(c.status)),
            cell(t('complaints.colDue'), clockLine(c) ?? '—'),
            cell(
              t('complaints.colActions'),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  'data-testid': 'complaint-open',
                  'aria-label': `${t('complaints.open')} ${c.tender.title}`,
                  onclick: () => open(c),
                },
                t('complaints.open'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
