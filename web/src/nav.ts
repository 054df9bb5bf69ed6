import type { MessageKey } from './i18n/index.js';
import type { PartyState } from './session.js';
import type { Role } from './types.js';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** Why the entry cannot be used yet (shown as text beside it); unset when it can. */
  unavailable?: MessageKey;
}

const parties: NavItem = { path: 'parties', label: 'nav.parties' };
const myParty: NavItem = { path: 'my-party', label: 'nav.myParty' };
const tenders: NavItem = { path: 'tenders', label: 'nav.tenders' };
/** The public notices (交易公告), which everyone reads, signed in or not. */
const notices: NavItem = { path: 'notices', label: 'nav.notices' };
const expertPool: NavItem = { path: 'experts', label: 'nav.experts' };
const expertDraws: NavItem = { path: 'expert-draws', label: 'nav.expertDraws' };
const evaluations: NavItem = { path: 'evaluations', label: 'nav.evaluations' };
/** 投诉: a bidder's own, or those about a tenderee's or agency's tenders (the server scopes the list). */
const complaints: NavItem = { path: 'complaints', label: 'nav.complaints' };
/** The published complaint decisions, public like the notices. */
const complaintDecisions: NavItem = { path: 'complaints/decisions', label: 'nav.complaintDecisions' };

/** What each role works on; the server still checks every request, this only shapes the menu. */
const NAV: Record<Role, NavItem[]> = {
  admin: [parties, { path: 'users', label: 'nav.users' }, expertPool],
  // 我的评标: the tenderee's representatives sit on committees; both follow their tenders' evaluations.
  tenderee: [myParty, tenders, expertDraws, evaluations, complaints],
  agency: [myParty, tenders, expertDraws, evaluations, complaints],
  bidder: [
    myParty,
    { path: 'bids', label: 'nav.bids' },
    { path: 'certificate', label: 'nav.certificate' },
    { path: 'evaluation-clarifications', label: 'nav.clarifications' },
    { path: 'contracts', label: 'nav.contracts' },
    complaints,
  ],
  expert: [
    { path: 'expert-inbox', label: 'nav.expertInbox' },
    evaluations,
    { path: 'expert-profile', label: 'nav.expertProfile' },
  ],
  supervisor: [
    { path: 'parties', label: 'nav.supervisedParties' },
    { path: 'supervision', label: 'nav.supervision' },
    { path: 'supervision/complaints', label: 'nav.complaintQueue' },
    { path: 'credit-requests', label: 'nav.creditRequests' },
    { path: 'evaluations', label: 'nav.evaluationSupervision' },
    expertDraws,
    expertPool,
  ],
  custodian: [{ path: 'custody', label: 'nav.custody' }],
};

/**
 * What a party may do only once the platform has verified it: the server refuses certificates
 * (PARTY_NOT_VERIFIED), so bids, and tender drafts, objections and hence expert draws. Until then it may read
 * the notices and see and correct its own record.
 */
const NEEDS_VERIFIED_PARTY = new Set(['bids', 'certificate', 'tenders', 'expert-draws']);

/** Why `path` (a private page) is closed to this user's party now, or null when it is open. */
export function unavailableFor(path: string, party: PartyState | null | undefined): MessageKey | null {
  if (!party || party.status === 'verified') return null;
  if (!NEEDS_VERIFIED_PARTY.has(path.split('/')[0] ?? '')) return null;
  return party.status === 'rejected' ? 'pending.navRejected' : 'pending.navPending';
}

export function navFor(role: Role, party?: PartyState | null): NavItem[] {
  return [...(NAV[role] ?? []), notices, complaintDecisions].map((item) => {
    const unavailable = unavailableFor(item.path, party);
    return unavailable ? { ...item, unavailable } : item;
  });
}

/** Pages that exist but whose feature is not built yet. */
export const COMING_SOON: Partial<Record<string, MessageKey>> = {};
