/** The read-only parts of a draw: its steps, the request, the commitment, counts and the members. */
import { h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { TenderView } from '../../tender-types.js';
import type { CatalogEntry, Draw, DrawMember } from './api.js';
import { memberStatusBadge, specialtyLabel } from './common.js';
import { expertLabel } from './exclusion-picker.js';

type Catalog = Map<string, CatalogEntry> | null;

export function stepsList(draw: Draw): HTMLElement {
  const steps: [MessageKey, string | null][] = [
    ['draw.step.requested', draw.createdAt],
    ['draw.step.witnessed', draw.witnessedAt],
    ['draw.step.drawn', draw.drawnAt],
    ['draw.step.announced', draw.announcedAt],
  ];
  return h(
    'ol',
    { class: 'ex-steps', 'data-testid': 'draw-steps' },
    steps.map(([label, at]) =>
      h(
        'li',
        { class: at ? 'is-done' : '' },
        h('strong', {}, t(label)),
        h('small', {}, at ? formatDateTime(at) : '—'),
      ),
    ),
  );
}

export function requestDetails(draw: Draw, tender: TenderView | null, catalog: Catalog): HTMLElement {
  const section = tender?.sections.find((s) => s.id === draw.sectionId);
  const rows: [MessageKey, Node | string][] = [
    ['draw.section', section ? `${section.code} ${section.name}` : draw.sectionId],
    ['draw.evaluationDate', draw.request.evaluationDate],
    ['draw.place', draw.request.place],
    ['draw.localRegion', draw.request.localRegionPrefix],
    ['draw.respondMinutes', String(draw.respondMinutes)],
    ['draw.exclusionsTitle', exclusionsList(draw)],
  ];
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'details' },
      rows.flatMap(([label, value]) => [h('dt', {}, t(label)), h('dd', {}, value)]),
    ),
    h(
      'table',
      { class: 'table ex-slots', 'data-testid': 'draw-slots' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('draw.slot.specialty')),
          h('th', {}, t('draw.slot.count')),
          h('th', {}, t('draw.locality.local')),
          h('th', {}, t('draw.locality.remote')),
        ),
      ),
      h(
        'tbody',
        {},
        draw.request.slots.map((s) =>
          h(
            'tr',
            {},
            h('td', {}, specialtyLabel(s.specialty, catalog)),
            h('td', { class: 'num' }, s.count),
            h('td', { class: 'num' }, s.count - s.remote),
            h('td', { class: 'num' }, s.remote),
          ),
        ),
      ),
    ),
  );
}

/**
 * Whom the draw leaves out, by name, for those the server names them to (the supervisor all, the tender's
 * staff their own requests); a count for everyone else, and beside the names when some stay unnamed.
 */
function exclusionsList(draw: Draw): Node | string {
  const named = draw.exclusions;
  const total = draw.request.exclusions;
  if (!named || total === 0) return String(total);
  return h(
    'div',
    {},
    named.length > 0
      ? h(
          'ul',
          { class: 'ex-exclusions', 'data-testid': 'draw-exclusions' },
          named.map((e) =>
            h(
              'li',
              { 'data-testid': 'draw-exclusion', 'data-source': e.source },
              h('strong', {}, expertLabel(e)),
              e.source === 'credit' ? h('span', { class: 'badge' }, t('draw.exclusion.credit')) : null,
              h('small', { class: 'note' }, e.reason),
            ),
          ),
        )
      : null,
    named.length < total
      ? h(
          'small',
          { class: 'hint', 'data-testid': 'draw-exclusions-unnamed' },
          t('draw.exclusion.countOnly', { n: total - named.length }),
        )
      : null,
  );
}

/** The hashes that make the draw checkable: fixed before the draw (commitment, digest), then entropy and secret. */
export function commitmentDetails(draw: Draw): HTMLElement {
  const hash = (value: string | null, testId: string) =>
    value === null
      ? h('span', { class: 'muted' }, t('draw.sealed'))
      : h('code', { class: 'hash-full', 'data-testid': testId }, value || t('draw.noEntropy'));
  return h(
    'dl',
    { class: 'details' },
    h('dt', {}, t('draw.commitment')),
    h('dd', {}, hash(draw.commitment, 'draw-commitment')),
    h('dt', {}, t('draw.requestDigest')),
    h('dd', {}, hash(draw.requestDigest, 'draw-digest')),
    h('dt', {}, t('draw.entropy')),
    h(
      'dd',
      {},
      draw.witnessedAt ? hash(draw.entropy ?? '', 'draw-entropy') : h('span', { class: 'muted' }, '—'),
    ),
    h('dt', {}, t('draw.secret')),
    h('dd', {}, hash(draw.secret, 'draw-secret')),
  );
}

export function countsLine(draw: Draw): HTMLElement {
  const c = draw.counts;
  const item = (key: keyof typeof c, label: MessageKey) =>
    h(
      'div',
      { class: 'ex-count', 'data-testid': `count-${key}` },
      h('strong', {}, c[key]),
      h('small', {}, t(label)),
    );
  return h(
    'div',
    { class: 'ex-counts', 'data-testid': 'draw-counts' },
    item('seats', 'draw.count.seats'),
    item('invited', 'draw.count.invited'),
    item('confirmed', 'draw.count.confirmed'),
    item('declined', 'draw.count.declined'),
    item('timedOut', 'draw.count.timedOut'),
    item('vacant', 'draw.count.vacant'),
  );
}

export function membersTable(members: DrawMember[], catalog: Catalog): HTMLElement {
  if (members.length === 0) return h('p', { class: 'muted' }, t('draw.noMembers'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'draw-members' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          (['name', 'specialty', 'locality', 'step', 'status', 'respondBy'] as const).map((c) =>
            h('th', { scope: 'col' }, t(`draw.memberCol.${c}`)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        members.map((m) =>
          h(
            'tr',
            { 'data-testid': 'draw-member', 'data-expert-id': m.expertId, 'data-status': m.status },
            h('td', { 'data-testid': 'member-name' }, m.name, h('small', { class: 'note' }, m.title)),
            h('td', {}, specialtyLabel(m.specialty, catalog)),
            h('td', {}, t(`draw.locality.${m.locality}`)),
            h('td', { class: 'num' }, m.step === 0 ? t('draw.initial') : t('draw.redrawN', { n: m.step })),
            h(
              'td',
              {},
              memberStatusBadge(m.status),
              m.declineReason
                ? h('small', { class: 'note' }, t('draw.declinedBecause', { reason: m.declineReason }))
                : null,
            ),
            h(
              'td',
              { class: 'nowrap' },
              m.respondedAt ? formatDateTime(m.respondedAt) : formatDateTime(m.respondBy),
            ),
          ),
        ),
      ),
    ),
  );
}
