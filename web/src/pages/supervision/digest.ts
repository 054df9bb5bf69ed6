import { h, mount, type Child } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { isMessageKey, t, type MessageKey } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { errorBox } from '../../ui.js';
import { indicatorName, severityBadge } from './alert-words.js';
import {
  digestApi,
  type DigestFigures,
  type DigestSummary,
  type SupervisionDigestView,
} from './digest-api.js';
import './digest.css';

/** A Beijing day, 'YYYY-MM-DD' on the wire, in the reader's words: 2026年01月30日 / 30 Jan 2026. */
export function beijingDay(date: string): string {
  const [y, m, d] = date.split('-');
  return t('digest.day', { y: y!, m: m!, d: d!, mon: t(`digest.month.${Number(m)}` as MessageKey) });
}

/**
 * `#/supervision/digest` (监督日报): the daily digests, newest first, and one day's figures (`?date=`, the
 * newest by default): alerts raised, taken up and resolved by indicator and severity, alerts left open over
 * three days, the watchdogs' findings, the openings and evaluations held, complaints. Names and Beijing
 * times, never ids.
 */
export function digestPage(params: URLSearchParams): HTMLElement {
  const days = h('nav', { class: 'sv-digest-days', 'aria-label': t('digest.days') });
  const body = h('div', { 'data-testid': 'digest-body', 'aria-live': 'polite' });
  const root = h(
    'section',
    { class: 'sv-page sv-digest', 'data-testid': 'digest-page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('supervision') }, t('digest.backToDashboard'))),
    h('h1', {}, t('digest.title')),
    h('p', { class: 'muted' }, t('digest.intro')),
    days,
    body,
  );
  mount(body, h('span', { class: 'muted' }, t('common.loading')));
  void (async () => {
    try {
      const list = await digestApi.list();
      const wanted = params.get('date');
      const date = list.find((d) => d.date === wanted)?.date ?? list[0]?.date;
      mount(days, ...dayLinks(list, date));
      if (!date) {
        mount(body, h('p', { class: 'muted', 'data-testid': 'digest-empty' }, t('digest.none')));
        return;
      }
      mount(body, ...digestView(await digestApi.get(date)));
    } catch (error) {
      mount(body, errorBox(error));
    }
  })();
  return root;
}

function dayLinks(list: DigestSummary[], current: string | undefined): HTMLElement[] {
  return list.slice(0, 31).map((d) =>
    h(
      'a',
      {
        href: href('supervision/digest', { date: d.date }),
        class: `btn btn-small ${d.date === current ? 'btn-primary' : ''}`,
        'aria-current': d.date === current ? 'page' : undefined,
        'data-testid': `digest-day-${d.date}`,
        onclick: (event: Event) => {
          event.preventDefault();
          navigate('supervision/digest', { date: d.date });
        },
      },
      beijingDay(d.date),
    ),
  );
}

function digestView(digest: SupervisionDigestView): Child[] {
  const f = digest.figures;
  const raised = f.alerts.raised.reduce((n, c) => n + c.count, 0);
  return [
    h('h2', { 'data-testid': 'digest-date' }, beijingDay(digest.date)),
    h('p', { class: 'muted' }, t('digest.composedAt', { time: formatDateTime(digest.composedAt) })),
    h(
      'dl',
      { class: 'sv-digest-figures', 'data-testid': 'digest-figures' },
      figure('digest.figRaised', raised),
      figure('digest.figStale', f.staleOpen.count),
      figure('digest.figWatchdogs', f.watchdogFindings.count),
      figure('digest.figOpenings', f.openings.count),
      figure('digest.figEvaluations', f.evaluations.started + f.evaluations.concluded),
    ),
    ...alertCounts(f),
    ...staleAlerts(f),
    ...findings(f),
    ...held(f),
    ...complaints(f),
  ];
}

const figure = (label: MessageKey, value: number) =>
  h('div', { class: 'sv-digest-figure' }, h('dt', {}, t(label)), h('dd', {}, String(value)));

/** A captioned table in the scrolling wrapper a phone needs. */
function table(testId: string, caption: string, head: string[], rows: HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': testId },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, ...rows),
    ),
  );
}

const none = (key: MessageKey) => h('p', { class: 'muted' }, t(key));
const tenderLink = (tenderId: string, code: string, title: string) =>
  tenderId
    ? h('a', { href: href(`supervision/tenders/${tenderId}`) }, title || code)
    : h('span', {}, title || code);

function alertCounts(f: DigestFigures): Child[] {
  const rows = new Map<string, { indicator: string; severity: string; counts: number[] }>();
  const lists = [f.alerts.raised, f.alerts.acknowledged, f.alerts.resolved];
  lists.forEach((list, i) => {
    for (const c of list) {
      const key = `${c.indicator}/${c.severity}`;
      const row = rows.get(key) ?? { indicator: c.indicator, severity: c.severity, counts: [0, 0, 0] };
      row.counts[i] = c.count;
      rows.set(key, row);
    }
  });
  const conclusions = f.alerts.conclusions.map((c) =>
    t('digest.conclusionCount', { conclusion: conclusionName(c.conclusion), count: c.count }),
  );
  return [
    h('h3', {}, t('digest.alertsTitle')),
    rows.size === 0
      ? none('digest.noAlerts')
      : table(
          'digest-alerts',
          t('digest.alertsTitle'),
          [
            t('digest.colIndicator'),
            t('digest.colSeverity'),
            t('digest.colRaised'),
            t('digest.colAcknowledged'),
            t('digest.colResolved'),
          ],
          [...rows.values()].map((r) =>
            h(
              'tr',
              {},
              h('td', {}, indicatorName(r.indicator)),
              h('td', {}, severityBadge(r.severity as 'info' | 'warning' | 'critical')),
              ...r.counts.map((n) => h('td', {}, String(n))),
            ),
          ),
        ),
    conclusions.length > 0 ? h('p', { class: 'muted' }, conclusions.join(t('digest.separator'))) : null,
  ];
}

function conclusionName(conclusion: string): string {
  const key = `digest.conclusion.${conclusion}`;
  return isMessageKey(key) ? t(key) : conclusion;
}

function staleAlerts(f: DigestFigures): Child[] {
  return [
    h('h3', {}, t('digest.staleTitle', { count: f.staleOpen.count })),
    f.staleOpen.items.length === 0
      ? none('digest.noStale')
      : table(
          'digest-stale',
          t('digest.staleTitle', { count: f.staleOpen.count }),
          [t('digest.colTender'), t('digest.colIndicator'), t('digest.colSeverity'), t('digest.colRaisedAt')],
          f.staleOpen.items.map((a) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                h(
                  'a',
                  { href: href('supervision/alerts', { alert: a.alertId }) },
                  a.tenderTitle || a.tenderCode,
                ),
              ),
              h('td', {}, indicatorName(a.indicator)),
              h('td', {}, severityBadge(a.severity)),
              h('td', {}, formatDateTime(a.raisedAt)),
            ),
          ),
        ),
  ];
}

function findings(f: DigestFigures): Child[] {
  return [
    h('h3', {}, t('digest.watchdogsTitle')),
    f.watchdogFindings.items.length === 0
      ? none('digest.noWatchdogs')
      : h(
          'ul',
          { class: 'sv-digest-findings', 'data-testid': 'digest-watchdogs' },
          ...f.watchdogFindings.items.map((a) =>
            h(
              'li',
              {},
              severityBadge(a.severity),
              ' ',
              h('a', { href: href('supervision/alerts', { alert: a.alertId }) }, indicatorName(a.indicator)),
              ' · ',
              a.tenderTitle || a.tenderCode,
              h('p', { class: 'sv-digest-summary' }, a.summary),
            ),
          ),
        ),
  ];
}

function held(f: DigestFigures): Child[] {
  return [
    h('h3', {}, t('digest.heldTitle')),
    f.openings.items.length === 0 && f.evaluations.items.length === 0
      ? none('digest.noneHeld')
      : table(
          'digest-held',
          t('digest.heldTitle'),
          [t('digest.colTime'), t('digest.colWhat'), t('digest.colTender')],
          [
            ...f.openings.items.map((o) => ({
              at: o.at,
              what: t('digest.opening'),
              cell: tenderLink(o.tenderId, o.tenderCode, o.tenderTitle),
            })),
            ...f.evaluations.items.map((e) => ({
              at: e.at,
              what: t(e.event === 'started' ? 'digest.evaluationStarted' : 'digest.evaluationConcluded'),
              cell: h(
                'span',
                {},
                tenderLink(e.tenderId, e.tenderCode, e.tenderTitle),
                e.sectionName ? ` · ${e.sectionName}` : '',
              ),
            })),
          ]
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((r) =>
              h('tr', {}, h('td', {}, formatDateTime(r.at)), h('td', {}, r.what), h('td', {}, r.cell)),
            ),
        ),
  ];
}

function complaints(f: DigestFigures): Child[] {
  if (f.complaints === null) return [];
  const words = (type: string) => {
    const key = `digest.complaint.${type}`;
    return isMessageKey(key) ? t(key) : t('digest.complaint.other');
  };
  return [
    h('h3', {}, t('digest.complaintsTitle')),
    f.complaints.length === 0
      ? none('digest.noComplaints')
      : h(
          'ul',
          {},
          ...f.complaints.map((c) =>
            h('li', {}, t('digest.complaintCount', { what: words(c.type), count: c.count })),
          ),
        ),
  ];
}
