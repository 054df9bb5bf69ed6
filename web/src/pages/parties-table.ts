import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import type { Party } from '../types.js';
import { errorBox, statusBadge } from '../ui.js';
import { askDecision } from './decision-dialog.js';

interface TableOptions {
  /** Show approve/reject on pending parties (admins). */
  canDecide: boolean;
  onMessage: (node: HTMLElement) => void;
}

/** The parties table; rows are appended page by page and replaced in place after a decision. */
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
          options.canDecide ? h('th', { scope: 'col' }, t('parties.col.actions')) : null,
        ),
      ),
      body,
    ),
  );

  function row(party: Party): HTMLTableRowElement {
    const tr = h(
      'tr',
      { 'data-testid': 'party-row', 'data-party-id': party.id, 'data-status': party.status },
      h('td', { class: 'cell-name', 'data-testid': 'party-name' }, party.name),
      h('td', { class: 'mono' }, party.uscc),
      h('td', { class: 'nowrap' }, t(`kind.${party.kind}`)),
      h('td', { class: 'mono' }, party.regionCode),
      h('td', {}, statusBadge(party.status), statusNote(party)),
      h('td', { class: 'nowrap' }, formatDateTime(party.createdAt)),
      options.canDecide
        ? h('td', { class: 'actions' }, party.status === 'pending' ? actions(party) : null)
        : null,
    );
    return tr;
  }

  function actions(party: Party): HTMLElement[] {
    const decide = async (decision: 'approve' | 'reject') => {
      const reason = await askDecision(
        decision === 'approve'
          ? {
              title: t('parties.approveConfirm', { name: party.name }),
              confirmLabel: t('parties.approve'),
              withReason: false,
            }
          : {
              title: t('parties.rejectTitle', { name: party.name }),
              confirmLabel: t('parties.reject'),
              withReason: true,
              danger: true,
            },
      );
      if (reason === null) return;
      try {
        const updated = await api.decideParty(party.id, decision, decision === 'reject' ? reason : undefined);
        replace(updated);
        options.onMessage(
          h(
            'div',
            { class: 'alert alert-success', role: 'status', 'data-testid': 'decision-done' },
            t('parties.decided', { name: updated.name, status: t(`status.${updated.status}`) }),
          ),
        );
      } catch (error) {
        options.onMessage(errorBox(error));
        // Someone else decided first: show what they decided.
        if (error instanceof ApiError && error.code === 'PARTY_ALREADY_DECIDED') {
          api.getParty(party.id).then(replace, () => {});
        }
      }
    };
    return [
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small btn-primary',
          'data-testid': 'approve',
          onclick: () => void decide('approve'),
        },
        t('parties.approve'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small btn-danger',
          'data-testid': 'reject',
          onclick: () => void decide('reject'),
        },
        t('parties.reject'),
      ),
    ];
  }

  function replace(party: Party): void {
    body.querySelector(`tr[data-party-id="${CSS.escape(party.id)}"]`)?.replaceWith(row(party));
  }

  return {
    element,
    add: (parties: Party[]) => body.append(...parties.map(row)),
    size: () => body.rows.length,
  };
}

function statusNote(party: Party): HTMLElement | null {
  if (party.status === 'verified' && party.verifiedAt) {
    return h('small', { class: 'note' }, t('parties.verifiedAt', { at: formatDateTime(party.verifiedAt) }));
  }
  if (party.status === 'rejected' && party.rejectionReason) {
    return h('small', { class: 'note' }, t('parties.rejectedBecause', { reason: party.rejectionReason }));
  }
  return null;
}
