import type { MessageKey } from './i18n/index.js';
import type { Role } from './types.js';

export interface NavItem {
  path: string;
  label: MessageKey;
}

const parties: NavItem = { path: 'parties', label: 'nav.parties' };
const myParty: NavItem = { path: 'my-party', label: 'nav.myParty' };
const tenders: NavItem = { path: 'tenders', label: 'nav.tenders' };
/** The public notices (交易公告), which everyone reads, signed in or not. */
const notices: NavItem = { path: 'notices', label: 'nav.notices' };

/** What each role works on; the server still checks every request, this only shapes the menu. */
const NAV: Record<Role, NavItem[]> = {
  admin: [parties, { path: 'users', label: 'nav.users' }],
  tenderee: [myParty, tenders],
  agency: [myParty, tenders],
  bidder: [myParty, { path: 'bids', label: 'nav.bids' }, { path: 'certificate', label: 'nav.certificate' }],
  expert: [{ path: 'evaluations', label: 'nav.evaluations' }],
  supervisor: [
    { path: 'parties', label: 'nav.supervisedParties' },
    { path: 'supervision', label: 'nav.supervision' },
  ],
  custodian: [{ path: 'custody', label: 'nav.custody' }],
};

export function navFor(role: Role): NavItem[] {
  return [...(NAV[role] ?? []), notices];
}

/** Pages that exist but whose feature is not built yet. */
export const COMING_SOON: Partial<Record<string, MessageKey>> = {
  users: 'nav.users',
  evaluations: 'nav.evaluations',
  supervision: 'nav.supervision',
};
