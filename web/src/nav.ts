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
const expertPool: NavItem = { path: 'experts', label: 'nav.experts' };
const expertDraws: NavItem = { path: 'expert-draws', label: 'nav.expertDraws' };

/** What each role works on; the server still checks every request, this only shapes the menu. */
const NAV: Record<Role, NavItem[]> = {
  admin: [parties, { path: 'users', label: 'nav.users' }, expertPool],
  tenderee: [myParty, tenders, expertDraws],
  agency: [myParty, tenders, expertDraws],
  bidder: [myParty, { path: 'bids', label: 'nav.bids' }, { path: 'certificate', label: 'nav.certificate' }],
  expert: [
    { path: 'expert-inbox', label: 'nav.expertInbox' },
    { path: 'evaluations', label: 'nav.evaluations' },
    { path: 'expert-profile', label: 'nav.expertProfile' },
  ],
  supervisor: [
    { path: 'parties', label: 'nav.supervisedParties' },
    { path: 'supervision', label: 'nav.supervision' },
    expertDraws,
    expertPool,
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
