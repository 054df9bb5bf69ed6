import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { regionLabel } from '../regions.js';
import { href } from '../router.js';
import type { Party } from '../types.js';
import { statusBadge } from '../ui.js';

interface TableOptions {
  /** Link each party to its detail page, where admins decide on pending ones (admins and supervisors). */
  withDetails: boolean;
  /** Label the link of a pending party as a review (admins). */
  canDecide: boolean;
}

/** The parties table; rows are appended page by page. Decisions are taken on the detail page, record in view. */
export function partyTable(options: TableOptions) {
  const body = h('tbody', {});
  const columns = ['name', 'uscc', 'kind', 'region', 'status', 'createdAt'] as const;
  const element = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'parties-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, t(`parties.col.${c}`))),
          options.withDetails ? h('th', { scope: 'col' }, t('parties.col.actions')) : null,
        ),
      ),
      body,
    ),
  );

  function row(party: Party): HTMLTableRowElement {
    return h(
      'tr',
      { 'data-testid': 'party-row', 'data-party-id': party.id, 'data-status': party.status },
      h('td', { class: 'cell-name', 'data-testid': 'party-name' }, party.name),
      h('td', { class: 'mono' }, party.uscc),
      h('td', { class: 'nowrap' }, t(`kind.${party.kind}`)),
      h('td', { 'data-testid': 'party-region' }, regionLabel(party.regionCode, { withCode: true })),
      h('td', {}, statusBadge(party.status), statusNote(party)),
      h('td', { class: 'nowrap' }, formatDateTime(party.createdAt)),
      options.withDetails
        ? h(
            'td',
            { class: 'actions' },
            h(
              'a',
              {
                class: `btn btn-small${options.canDecide && party.status === 'pending' ? ' btn-primary' : ''}`,
                href: href(`parties/${party.id}`),
                'data-testid': 'party-open',
              },
              t(options.canDecide && party.status === 'pending' ? 'parties.review' : 'parties.view'),
            ),
          )
        : null,
    );
  }

  return {
    element,
    add: (parties: Party[]) => body.append(...parties.map(row)),
    size: () => body.rows.length,
  };
}

export function statusNote(party: Party): HTMLElement | null {
  if (party.status === 'verified' && party.verifiedAt) {
    return h('small', { class: 'note' }, t('parties.verifiedAt', { at: formatDateTime(party.verifiedAt) }));
  }
  if (party.status === 'rejected' && party.rejectionReason) {
    return h('small', { class: 'note' }, t('parties.rejectedBecause', { reason: party.rejectionReason }));
  }
  return null;
}
