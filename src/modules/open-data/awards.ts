import type { OcdsAwardStatus } from './codelists.js';
import { USCC_SCHEME, value, type Release } from './release.js';

/** A section's candidate as its publicity states it, with the bidder's 统一社会信用代码 from the opening. */
export interface OcdsCandidate {
  rank: number;
  bidId: string;
  bidderName: string;
  bidderUscc: string;
  priceFen: number;
  /** Hundredths of a point; null under the lowest evaluated price method. */
  score: number | null;
}

const RANK_NAMES = ['第一', '第二', '第三'];
const orgId = (uscc: string) => `${USCC_SCHEME}-${uscc}`;

/**
 * One award per candidate and section: the id joins the section (lot) code and the bid, so a re-evaluation that
 * ranks the same bid again updates its award, and a contract names the award of the bid it was signed on.
 */
export const awardId = (sectionCode: string, bidId: string) => `${sectionCode}-${bidId}`;

type Party = { id: string; name: string; roles: string[]; identifier?: object };

/**
 * Adds `roles` to the organisation's party entry, or adds the entry. Roles are a plain array, which the
 * compiled release replaces whole (merge.ts), so a release names every role the party has had: a supplier
 * is also the tenderer it was.
 */
export function addPartyRoles(release: Release, org: { name: string; uscc: string }, roles: string[]): void {
  const parties = (release.parties as Party[] | undefined) ?? [];
  const id = orgId(org.uscc);
  const known = parties.find((p) => p.id === id);
  if (known) known.roles = [...new Set([...known.roles, ...roles])];
  else
    parties.push({
      id,
      name: org.name,
      identifier: { scheme: USCC_SCHEME, id: org.uscc, legalName: org.name },
      roles,
    });
  release.parties = parties;
}

/** Sets the organisation's roles to exactly `roles` in this release (a role it no longer has is left out). */
function setPartyRoles(release: Release, org: { name: string; uscc: string }, roles: string[]): void {
  addPartyRoles(release, org, roles);
  const party = (release.parties as Party[]).find((p) => p.id === orgId(org.uscc))!;
  party.roles = roles;
}

function awardOf(sectionCode: string, c: OcdsCandidate, status: OcdsAwardStatus, date: string) {
  const points = c.score === null ? '' : `，综合得分${(c.score / 100).toFixed(2)}分`;
  return {
    id: awardId(sectionCode, c.bidId),
    title: `${RANK_NAMES[c.rank - 1] ?? `第${c.rank}`}中标候选人：${c.bidderName}`,
    description: `标段${sectionCode}第${c.rank}名中标候选人，投标报价${value(c.priceFen).amount}元${points}`,
    status,
    date,
    value: value(c.priceFen),
    suppliers: [{ id: orgId(c.bidderUscc), name: c.bidderName }],
    // Lots extension: the section the award is for.
    relatedLots: [sectionCode],
  };
}

/**
 * The candidates' publicity (SS Art.54) as an 'award' release: each candidate a pending award. The candidates
 * stay tenderers among the parties; only the confirmed winner becomes a supplier.
 */
export function addCandidateAwards(
  release: Release,
  sectionCode: string,
  candidates: OcdsCandidate[],
  date: string,
): void {
  release.awards = candidates.map((c) => awardOf(sectionCode, c, 'pending', date));
}

/**
 * The award (定标, ZB Art.45) as an 'awardUpdate': the winner's award active from the 中标通知书, the other
 * candidates unsuccessful; the winner joins the parties as supplier. When the next candidate is awarded after
 * the winner refused (SS Art.55), `refusedBidId` names the refused bid: its award is cancelled, and its bidder
 * is a tenderer again, not a supplier (the roles array replaces the earlier one whole).
 */
export function addConfirmedAward(
  release: Release,
  sectionCode: string,
  candidates: OcdsCandidate[],
  winnerBidId: string,
  noticeAt: string,
  refusedBidId?: string,
): void {
  const winner = candidates.find((c) => c.bidId === winnerBidId);
  if (!winner) throw new Error(`the awarded bid ${winnerBidId} is no candidate of section ${sectionCode}`);
  const refused = candidates.find((c) => c.bidId === refusedBidId);
  if (refusedBidId && !refused)
    throw new Error(`the refused bid ${refusedBidId} is no candidate of section ${sectionCode}`);
  release.awards = candidates.map((c) => {
    if (c === refused) {
      const award = awardOf(sectionCode, c, 'cancelled', noticeAt);
      return { ...award, description: `${award.description}；中标人放弃中标，由下一名中标候选人递补` };
    }
    return awardOf(sectionCode, c, c.bidId === winnerBidId ? 'active' : 'unsuccessful', noticeAt);
  });
  addPartyRoles(release, { name: winner.bidderName, uscc: winner.bidderUscc }, ['tenderer', 'supplier']);
  if (refused) setPartyRoles(release, { name: refused.bidderName, uscc: refused.bidderUscc }, ['tenderer']);
}
