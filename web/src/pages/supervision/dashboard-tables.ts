import { h, type Child } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { isMessageKey, t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { tenderStatusBadge } from '../../tender-ui.js';
import type { TenderStatus } from '../../tender-types.js';
import { indicatorName } from './alert-words.js';
import type { OverdueItem, Severity, Stage, SupervisionOverview } from './dashboard-api.js';

export const STAGES: Stage[] = ['pre-bid', 'in-bid', 'post-bid', 'ended'];
export const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];

/** A Beijing time of day, `14:30`, for today's lists (the date is today's). */
export const timeOfDay = (iso: string) => formatDateTime(iso).slice(11);

/** A table with a caption for readers, in the scrolling wrapper narrow screens need. */
export function table(testId: string, caption: string, head: string[], rows: HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table sv-dash-table', 'data-testid': testId },
      h('caption', { class: 'sv-dash-sr' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

const empty = (testId: string, key: MessageKey) => h('p', { class: 'muted', 'data-testid': testId }, t(key));

/** The tender's name, linking to its supervision view. */
function tenderLink(tenderId: string, title: string): HTMLElement {
  return h('a', { href: href(`supervision/tenders/${tenderId}`), class: 'sv-dash-tender' }, title);
}

export function stagesTable(o: SupervisionOverview): HTMLElement {
  return table(
    'stages-table',
    t('dashboard.stagesTitle'),
    [t('dashboard.colStage'), t('dashboard.colCount')],
    o.stages.map((s) =>
      h(
        'tr',
        {},
        h(
          'td',
          {},
          t(`dashboard.stage.${s.stage}`),
          h('span', { class: 'note' }, t(`dashboard.stageHelp.${s.stage}`)),
        ),
        h('td', { 'data-testid': `stage-row-${s.stage}` }, s.count),
      ),
    ),
  );
}

/** Day by day, newest first (the day people look for first is today). */
export function trendTable(o: SupervisionOverview): HTMLElement {
  return table(
    'trend-table',
    t('dashboard.trendTitle'),
    [
      t('dashboard.colDate'),
      t('dashboard.series.tenders'),
      t('dashboard.series.bids'),
      t('dashboard.series.openings'),
    ],
    [...o.trend]
      .reverse()
      .map((d) =>
        h(
          'tr',
          { 'data-date': d.date },
          h('td', {}, d.date),
          h('td', {}, d.tenders),
          h('td', {}, d.bids),
          h('td', {}, d.openings),
        ),
      ),
  );
}

export function alertTables(o: SupervisionOverview): HTMLElement {
  const { byIndicator } = o.alerts;
  if (byIndicator.length === 0) return empty('alerts-none', 'dashboard.alertsNone');
  return table(
    'alerts-by-indicator',
    t('dashboard.alertsTitle'),
    [t('dashboard.colIndicator'), t('dashboard.colOpen'), t('dashboard.colAcknowledged')],
    byIndicator.map((i) =>
      h('tr', {}, h('td', {}, indicatorName(i.indicator)), h('td', {}, i.open), h('td', {}, i.acknowledged)),
    ),
  );
}

/** The opening's state in words: not started, under way, or over (and then the tender's new status). */
function openingState(row: SupervisionOverview['openings'][number]): Child {
  const words = h(
    'span',
    {
      class: `badge sv-opening-${row.openingStatus}`,
      'data-testid': 'opening-state',
      'data-state': row.openingStatus,
    },
    t(`dashboard.opening.${row.openingStatus}`),
  );
  if (row.openingStatus !== 'complete') return words;
  return h('span', {}, words, ' ', tenderStatusBadge(row.tenderStatus as TenderStatus));
}

export function openingsTable(o: SupervisionOverview): HTMLElement {
  if (o.openings.length === 0) return empty('openings-none', 'dashboard.openingsNone');
  return table(
    'openings-table',
    t('dashboard.openingsTitle'),
    [t('dashboard.colTime'), t('dashboard.colTender'), t('dashboard.colStatus')],
    o.openings.map((row) =>
      h(
        'tr',
        { 'data-testid': 'opening-row', 'data-state': row.openingStatus },
        h('td', {}, timeOfDay(row.at)),
        // The hall's link sits under the name: three columns fit a phone without scrolling.
        h(
          'td',
          {},
          tenderLink(row.tenderId, row.tenderTitle),
          h('a', { class: 'note', href: href(`tenders/${row.tenderId}/opening`) }, t('dashboard.hall')),
        ),
        h('td', {}, openingState(row)),
      ),
    ),
  );
}

function stepName(step: string): string {
  const key = `dashboard.step.${step}`;
  return isMessageKey(key) ? t(key) : t('dashboard.step.other');
}

export function evaluationsTable(o: SupervisionOverview): HTMLElement {
  if (o.evaluations.length === 0) return empty('evaluations-none', 'dashboard.evaluationsNone');
  return table(
    'evaluations-table',
    t('dashboard.evaluationsTitle'),
    [t('dashboard.colTender'), t('dashboard.colPlanned'), t('dashboard.colStatus')],
    o.evaluations.map((row) =>
      h(
        'tr',
        { 'data-testid': 'evaluation-row' },
        // The section under its tender's name: three columns fit a phone.
        h('td', {}, tenderLink(row.tenderId, row.tenderTitle), h('span', { class: 'note' }, row.sectionName)),
        h(
          'td',
          {},
          t('dashboard.evaluationTime', {
            start: formatDateTime(row.startedAt),
            end: formatDateTime(row.scheduledEndAt),
          }),
        ),
        h('td', {}, h('span', { class: 'badge' }, stepName(row.concludedAt ? 'concluded' : row.step))),
      ),
    ),
  );
}

function overdueDetail(item: OverdueItem): string {
  if (item.kind === 'alert-unattended' && item.indicator && item.severity)
    return `${indicatorName(item.indicator)} · ${t(`dashboard.severity.${item.severity}`)}`;
  return item.sectionName ?? '';
}

export function overdueTable(o: SupervisionOverview): HTMLElement {
  if (o.overdue.length === 0) return empty('overdue-none', 'dashboard.overdueNone');
  return table(
    'overdue-table',
    t('dashboard.overdueTitle'),
    [t('dashboard.colOverdue'), t('dashboard.colTender'), t('dashboard.colDue')],
    o.overdue.map((item) =>
      h(
        'tr',
        { 'data-testid': 'overdue-row', 'data-kind': item.kind },
        h(
          'td',
          {},
          h('span', { class: `badge sv-overdue-${item.kind}` }, t(`dashboard.overdue.${item.kind}`)),
        ),
        // What it is about under the tender's name (the alert links to its handling).
        h(
          'td',
          {},
          tenderLink(item.tenderId, item.tenderTitle),
          item.alertId
            ? h(
                'a',
                { class: 'note', href: href('supervision/alerts', { alert: item.alertId }) },
                overdueDetail(item),
              )
            : item.sectionName && h('span', { class: 'note' }, item.sectionName),
        ),
        h('td', {}, formatDateTime(item.dueAt)),
      ),
    ),
  );
}
