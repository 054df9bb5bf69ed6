import { QueryTypes } from 'sequelize';
import type { CustodianStanding, ReportRow } from './blame.js';
import type { OpeningRuntime } from './deps.js';
import { vaultContext } from './key-vault.js';
import type { OpeningModels } from './models.js';
import type { BidAtDeadline } from './snapshot.js';

/** The key material released for one bid, opened from the vault, and the custodians' reports about it. */
export interface Material {
  shares: { position: number; share: Uint8Array; valid: boolean; wrongAfterValid: number }[];
  bidderKey?: { key: Uint8Array; valid: boolean };
  reports: ReportRow[];
}

export interface WindowMaterial {
  byBid: Map<string, Material>;
  /** Each custodian's standing across the whole tender; only read for bids that have reports. */
  standing: Map<number, CustodianStanding>;
}

/**
 * The material of one window of bids (shares, bidder keys, reports), read for those bids only. A custodian's
 * standing is the tender's, so it is counted by the database (not read row by row), and only when a bid of
 * the window has a report to weigh. It is counted after the window's shares are read: a valid share is
 * never taken back, so every valid share seen in the window is in the count.
 */
export async function windowMaterial(
  models: OpeningModels,
  deps: Pick<OpeningRuntime, 'vault'>,
  bids: BidAtDeadline[],
): Promise<WindowMaterial> {
  const { vault } = deps;
  const tenderId = bids[0]!.tenderId;
  const where = { tenderId, bidId: bids.map((b) => b.bidId) };
  const [shares, keys, reports] = await Promise.all([
    models.OpeningShare.findAll({
      where,
      attributes: ['bidId', 'version', 'position', 'share', 'valid', 'wrongAfterValid'],
      raw: true,
    }),
    models.OpeningBidderKey.findAll({
      where,
      attributes: ['bidId', 'version', 'contentKey', 'valid'],
      raw: true,
    }),
    models.OpeningShareReport.findAll({
      where,
      attributes: ['bidId', 'version', 'position', 'reason', 'statement', 'signature', 'certificateSerial'],
      raw: true,
    }),
  ]);
  const byBid = new Map<string, Material>();
  const of = (bidId: string) => byBid.get(bidId) ?? byBid.set(bidId, { shares: [], reports: [] }).get(bidId)!;
  for (const s of shares) {
    const share = vault.open(vaultContext.share(s.bidId, s.version, s.position), s.share);
    // Raw rows: a boolean may come back as 0/1.
    of(s.bidId).shares.push({
      position: s.position,
      share,
      valid: Boolean(s.valid),
      wrongAfterValid: Number(s.wrongAfterValid),
    });
  }
  for (const k of keys) {
    const key = vault.open(vaultContext.bidderKey(k.bidId, k.version), k.contentKey);
    of(k.bidId).bidderKey = { key, valid: Boolean(k.valid) };
  }
  for (const r of reports) of(r.bidId).reports.push(r);
  const standing = reports.length > 0 ? await tenderStanding(models, tenderId, byBid) : new Map();
  return { byBid, standing };
}

/**
 * custodianStanding (blame.ts) over all of the tender's shares, in one grouped statement: per position, how
 * many bids it released a valid share for and how many wrong shares it sent. Whether a bid of the window
 * is among the valid ones is answered from the window's own shares.
 */
async function tenderStanding(
  models: OpeningModels,
  tenderId: string,
  byBid: Map<string, Material>,
): Promise<Map<number, CustodianStanding>> {
  const sequelize = models.OpeningShare.sequelize!;
  const rows = await sequelize.query<{ position: number; validBids: number; wrong: number }>(
    `SELECT position, COUNT(DISTINCT CASE WHEN valid THEN bid_id END) AS validBids,
            SUM(CASE WHEN valid THEN 0 ELSE 1 END + wrong_after_valid) AS wrong
       FROM opening_shares WHERE tender_id = :tenderId GROUP BY position`,
    { replacements: { tenderId }, type: QueryTypes.SELECT },
  );
  const out = new Map<number, CustodianStanding>();
  for (const r of rows) {
    const position = Number(r.position);
    const has = (bidId: string) =>
      byBid.get(bidId)?.shares.some((s) => s.position === position && s.valid) ?? false;
    out.set(position, { validBids: { size: Number(r.validBids), has }, wrong: Number(r.wrong) });
  }
  return out;
}
