import type { OpeningShare, OpeningShareReport, ShareReportReason } from './models.js';
import type { BidAtDeadline } from './snapshot.js';

export type ReportRow = Pick<
  OpeningShareReport,
  'bidId' | 'version' | 'position' | 'reason' | 'statement' | 'signature' | 'certificateSerial'
>;

/** One custodian report as the settlement weighed it: kept with the bid and put in the opening record. */
export interface ShareEvidence {
  position: number;
  reason: ShareReportReason;
  /** Valid shares this custodian released for the tender's other bids: its key demonstrably works. */
  otherBidsChecked: number;
  /** Whether the report was believed (the custodian is then not blamed for this bid). */
  credited: boolean;
  certificateSerial: string;
  /** The canonical JSON the custodian signed, and its signature: verifiable offline with its certificate. */
  statement: string;
  signature: string;
}

/** What a custodian did across the whole tender: the bids it released a valid share for, and wrong ones. */
export interface CustodianStanding {
  /** How many, and whether a given bid is one (a set, or counted by the database: see material.ts). */
  validBids: Pick<ReadonlySet<string>, 'size' | 'has'>;
  wrong: number;
}

export function custodianStanding(
  shares: Pick<OpeningShare, 'bidId' | 'position' | 'valid' | 'wrongAfterValid'>[],
): Map<number, CustodianStanding> {
  const out = new Map<number, { validBids: Set<string>; wrong: number }>();
  for (const s of shares) {
    const standing =
      out.get(s.position) ?? out.set(s.position, { validBids: new Set(), wrong: 0 }).get(s.position)!;
    if (s.valid) standing.validBids.add(s.bidId);
    standing.wrong += (s.valid ? 0 : 1) + s.wrongAfterValid;
  }
  return out;
}

/**
 * Which reports about a bid are believed. A custodian cannot prove that a ciphertext does not decrypt under
 * its key, so its signed word is weighed against its record in the same tender: it is believed when it
 * released checked shares of other bids (its key and its agent work) and no wrong share at all. A missing
 * share is believed always: the server read the header itself. A custodian with nothing to show (say, one
 * whose key is lost, which fails every bid alike) is not believed and is blamed as before. A bidder wrongly
 * reported is not harmed: its own key opens the bid (EB Art.30), and a report never outweighs it.
 */
export function weighReports(
  bid: Pick<BidAtDeadline, 'bidId' | 'version'>,
  reports: ReportRow[],
  standing: Map<number, CustodianStanding>,
): { credited: Set<number>; evidence: ShareEvidence[] } {
  const credited = new Set<number>();
  const evidence: ShareEvidence[] = [];
  for (const r of reports) {
    if (r.bidId !== bid.bidId || r.version !== bid.version) continue;
    const own = standing.get(r.position);
    const otherBidsChecked = own ? own.validBids.size - (own.validBids.has(bid.bidId) ? 1 : 0) : 0;
    const believed =
      r.reason === 'NO_SHARE_FOR_POSITION' || (otherBidsChecked > 0 && (own?.wrong ?? 0) === 0);
    if (believed) credited.add(r.position);
    evidence.push({
      position: r.position,
      reason: r.reason,
      otherBidsChecked,
      credited: believed,
      certificateSerial: r.certificateSerial,
      statement: r.statement,
      signature: r.signature,
    });
  }
  evidence.sort((a, b) => a.position - b.position);
  return { credited, evidence };
}

/**
 * A bid that neither k valid shares nor its bidder's key opened, at the end of the window. Custodians that
 * released nothing, a wrong share, or a report not believed are blamed. But for the bidder's own unusable
 * shares (the believed reports), could the custodians have opened it? If not, it is the bidder's fault
 * (视为撤销), whoever else was also absent; if so, a no-fault withdrawal (视为撤回).
 */
export function classifyUnopened(input: {
  positions: number[];
  threshold: number;
  valid: Set<number>;
  credited: Set<number>;
  wrong: number[];
}): { outcome: 'revoked' | 'withdrawn'; reason: 'SHARES_UNUSABLE' | 'NOT_ENOUGH_SHARES'; blamed: number[] } {
  const { positions, threshold, valid, credited, wrong } = input;
  const absent = positions.filter((p) => !valid.has(p) && !credited.has(p));
  const blamed = [...new Set([...absent, ...wrong])].sort((a, b) => a - b);
  const bidders = positions.some((p) => credited.has(p) && !valid.has(p));
  if (bidders && valid.size + absent.length < threshold)
    return { outcome: 'revoked', reason: 'SHARES_UNUSABLE', blamed };
  return { outcome: 'withdrawn', reason: 'NOT_ENOUGH_SHARES', blamed };
}
