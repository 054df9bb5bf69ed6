import { h, mount, type Child } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { isMessageKey, t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import {
  supervisionApi,
  type DownloadReportView,
  type SupervisedBidsView,
  type TenderTimelineEntry,
  type TimelineLinkKind,
} from './tender-api.js';
import { actionWords, factsWords } from './timeline-words.js';

type Cell = (label: MessageKey, ...content: Child[]) => HTMLTableCellElement;
const cell: Cell = (label, ...content) =>
  h('td', { 'data-label': t(label) }, h('div', { class: 'sv-cell' }, ...content));
const head = (label: MessageKey) => h('th', { scope: 'col' }, t(label));

/** A table that becomes one card per row on a narrow screen (lists.css and supervision.css). */
function cards(testId: string, columns: MessageKey[], rows: HTMLTableRowElement[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap sv-cards-wrap' },
    h(
      'table',
      { class: 'table sv-cards', 'data-testid': testId },
      h('thead', {}, h('tr', {}, ...columns.map(head))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** Where a timeline entry leads: a page of its own, or a section of this page (by its element id). */
function linkTo(kind: TimelineLinkKind, id: string, tenderId: string): { page?: string; section?: string } {
  switch (kind) {
    case 'tender':
      return { page: href(`tenders/${tenderId}`) };
    case 'opening':
      return { page: href(`tenders/${tenderId}/opening`) };
    case 'draw':
      return { page: href(`expert-draws/${id}`) };
    case 'evaluation':
      return { page: href(`evaluations/${id}`) };
    case 'alert':
      return { page: href('supervision/alerts', { alert: id }) };
    case 'complaint':
      // A complaint opens in the queue; an evidence file's entry names the tender, so the queue itself.
      return { page: href('supervision/complaints', { complaint: id === tenderId ? undefined : id }) };
    case 'bids':
      return { section: 'sv-bids' };
    case 'documents':
      return { section: 'sv-downloads' };
    case 'instruction':
      return { section: 'sv-instructions' };
  }
}

function entryLink(entry: TenderTimelineEntry, tenderId: string): HTMLElement {
  const label = t(`svTender.link.${entry.link.kind}`);
  const target = linkTo(entry.link.kind, entry.link.id, tenderId);
  if (target.page) return h('a', { href: target.page }, label);
  const section = target.section!;
  return h(
    'button',
    {
      type: 'button',
      class: 'btn-link',
      onclick: () => {
        const el = document.getElementById(section);
        el?.scrollIntoView({ block: 'start' });
        el?.focus();
      },
    },
    label,
  );
}

function actorCell(entry: TenderTimelineEntry): string {
  if (!entry.actor) return t('svTender.platform');
  const roleKey = `role.${entry.actor.role ?? ''}`;
  const role = isMessageKey(roleKey) ? t(roleKey) : null;
  if (!entry.actor.name) return role ?? '—';
  return role ? t('svTender.actorRole', { name: entry.actor.name, role }) : entry.actor.name;
}

function timelineRow(entry: TenderTimelineEntry, tenderId: string): HTMLTableRowElement {
  const facts = factsWords(entry.action, entry.facts);
  return h(
    'tr',
    { 'data-testid': 'timeline-row', 'data-action': entry.action },
    cell('svTender.colTime', h('span', { class: 'nowrap' }, formatDateTime(entry.at))),
    cell(
      'svTender.colAction',
      h('strong', {}, actionWords(entry.action)),
      facts ? h('div', { class: 'muted sv-facts' }, facts) : null,
    ),
    cell('svTender.colActor', actorCell(entry)),
    cell('svTender.colParty', entry.actor?.party ?? '—'),
    cell('svTender.colIp', h('span', { class: 'mono' }, entry.ip ?? '—')),
    cell('svTender.colLink', entryLink(entry, tenderId)),
  );
}

/** The audited steps, oldest first, a page at a time ("load more" follows the cursor). */
export function timelineSection(tenderId: string): { element: HTMLElement; load: () => Promise<void> } {
  const body = h('div', { 'aria-live': 'polite' });
  const element = h(
    'section',
    { class: 'card sv-section', id: 'sv-timeline', tabindex: -1, 'data-testid': 'sv-timeline' },
    h('h2', {}, t('svTender.timeline')),
    h('p', { class: 'muted' }, t('svTender.timelineIntro')),
    body,
  );
  const columns: MessageKey[] = [
    'svTender.colTime',
    'svTender.colAction',
    'svTender.colActor',
    'svTender.colParty',
    'svTender.colIp',
    'svTender.colLink',
  ];
  const load = async () => {
    try {
      const first = await supervisionApi.timeline(tenderId);
      if (first.items.length === 0)
        return mount(body, h('p', { class: 'muted' }, t('svTender.timelineEmpty')));
      const rows = first.items.map((e) => timelineRow(e, tenderId));
      const table = cards('timeline-table', columns, rows);
      const tbody = table.querySelector('tbody')!;
      const more = h('div', { class: 'actions' });
      const offer = (cursor: string | null) => {
        if (!cursor) return mount(more);
        mount(
          more,
          h(
            'button',
            {
              type: 'button',
              class: 'btn',
              'data-testid': 'timeline-more',
              onclick: async () => {
                try {
                  const next = await supervisionApi.timeline(tenderId, cursor);
                  for (const e of next.items) tbody.append(timelineRow(e, tenderId));
                  offer(next.nextCursor);
                } catch (error) {
                  mount(more, errorBox(error));
                }
              },
            },
            t('svTender.timelineMore'),
          ),
        );
      };
      offer(first.nextCursor);
      mount(body, table, more);
    } catch (error) {
      mount(body, errorBox(error));
    }
  };
  return { element, load };
}

/** A device fingerprint, shortened: the tool and the first characters of its strongest identifier. */
function shortDevice(device: SupervisedBidsView['items'][number]['versions'][number]['device']): string {
  if (!device) return t('svTender.noDevice');
  const id =
    device.deviceId ?? device.macHashes?.[0] ?? device.diskIds?.[0] ?? device.cpuId ?? device.hostnameHash;
  if (!id) return device.tool;
  return `${device.tool} · ${id.length > 12 ? `${id.slice(0, 12)}…` : id}`;
}

/** What makes two uploads' machines the same for the same-device screen: any identifier in common. */
function machineIds(device: SupervisedBidsView['items'][number]['versions'][number]['device']): string[] {
  if (!device) return [];
  return [
    ...(device.deviceId ? [`device:${device.deviceId}`] : []),
    ...(device.macHashes ?? []).map((m) => `mac:${m}`),
    ...(device.diskIds ?? []).map((d) => `disk:${d}`),
    ...(device.cpuId ? [`cpu:${device.cpuId}`] : []),
  ];
}

/** Who bid: each bidder with every upload's time and address, device fingerprint and deposit account. */
export function bidsTable(bids: SupervisedBidsView): HTMLElement {
  if (bids.items.length === 0) return h('p', { class: 'muted' }, t('svTender.bidsEmpty'));
  const owners = new Map<string, Set<string>>();
  for (const item of bids.items)
    for (const v of item.versions)
      for (const id of machineIds(v.device))
        owners.set(id, (owners.get(id) ?? new Set()).add(item.bidder.partyId));
  const shared = (item: SupervisedBidsView['items'][number]) =>
    item.versions.some((v) => machineIds(v.device).some((id) => (owners.get(id)?.size ?? 0) > 1));
  const rows = bids.items.map((item) => {
    const latest = item.versions.at(-1);
    const deposit = latest?.depositAccount;
    return h(
      'tr',
      { 'data-testid': 'bid-row' },
      cell('svTender.colBidder', h('strong', {}, item.bidder.name)),
      cell(
        'svTender.colBidStatus',
        t(item.bid.status === 'withdrawn' ? 'svTender.bidWithdrawn' : 'svTender.bidSubmitted'),
      ),
      cell(
        'svTender.colVersions',
        h(
          'ul',
          { class: 'sv-plain' },
          ...item.versions.map((v) =>
            h(
              'li',
              {},
              t('svTender.version', { version: v.version, time: formatDateTime(v.receivedAt) }),
              ' · ',
              h('span', { class: 'mono', 'data-testid': 'bid-ip' }, v.ip),
            ),
          ),
        ),
      ),
      cell(
        'svTender.colDevice',
        h('span', { class: 'mono', 'data-testid': 'bid-device' }, shortDevice(latest?.device ?? null)),
        shared(item) ? h('div', { class: 'sv-flag' }, t('svTender.sharedDevice')) : null,
      ),
      cell(
        'svTender.colDeposit',
        deposit
          ? `${deposit.bank} · ${deposit.accountName} · ${deposit.accountNumber}`
          : t('svTender.noDeposit'),
      ),
    );
  });
  return cards(
    'bids-table',
    [
      'svTender.colBidder',
      'svTender.colBidStatus',
      'svTender.colVersions',
      'svTender.colDevice',
      'svTender.colDeposit',
    ],
    rows,
  );
}

/** Who downloaded the documents: each party's count, and each document version's. */
export function downloadsTable(report: DownloadReportView): HTMLElement {
  const total = h(
    'p',
    { class: 'muted' },
    t('svTender.downloadsTotal', { count: report.downloads, without: report.withoutParty }),
  );
  if (report.parties.length === 0)
    return h('div', {}, total, h('p', { class: 'muted' }, t('svTender.downloadsEmpty')));
  const byParty = cards(
    'downloads-table',
    ['svTender.colDownloader', 'svTender.colDownloads', 'svTender.colDocument'],
    report.parties.map((party) =>
      h(
        'tr',
        { 'data-testid': 'download-row' },
        cell('svTender.colDownloader', h('strong', {}, party.name)),
        cell('svTender.colDownloads', String(party.downloads)),
        cell(
          'svTender.colDocument',
          report.documents
            .filter((d) => d.parties.some((p) => p.partyId === party.partyId))
            .map((d) => t('svTender.docVersion', { name: d.name, version: d.version }))
            .join('、') || '—',
        ),
      ),
    ),
  );
  return h('div', {}, total, byParty);
}
