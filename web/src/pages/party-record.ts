import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t, type MessageKey } from '../i18n/index.js';
import { regionLabel } from '../regions.js';
import type { Party } from '../types.js';
import { statusBadge } from '../ui.js';

/** Everything the platform holds of a party, as a definition list (my party, the admin's review). */
export function partyRecord(party: Party): HTMLElement {
  const rows: [MessageKey, Node | string | null | undefined][] = [
    ['parties.col.name', party.name],
    ['parties.col.uscc', h('span', { class: 'mono' }, party.uscc)],
    ['parties.col.kind', t(`kind.${party.kind}`)],
    ['parties.col.region', regionLabel(party.regionCode, { withCode: true, full: true })],
    ['parties.col.status', h('span', {}, statusBadge(party.status), ' ', verifiedNote(party))],
    ['parties.col.contactName', party.contactName],
    ['parties.col.contactPhone', party.contactPhone],
    ['parties.col.contactEmail', party.contactEmail],
    ['parties.col.address', party.address],
    ['parties.col.createdAt', formatDateTime(party.createdAt)],
  ];
  return h(
    'dl',
    { class: 'details', 'data-testid': 'party-record' },
    rows
      .filter(([, value]) => value)
      .flatMap(([label, value]) => [h('dt', {}, t(label)), h('dd', {}, value)]),
  );
}

function verifiedNote(party: Party): string {
  if (party.verifiedAt) return t('parties.verifiedAt', { at: formatDateTime(party.verifiedAt) });
  if (party.rejectionReason) return t('parties.rejectedBecause', { reason: party.rejectionReason });
  return '';
}
