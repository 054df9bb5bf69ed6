import type { Transaction } from 'sequelize';
import { contentKeyFromBidder, recoverContentKey } from '../../../crypto/sealed-bid/index.js';
import type { BidManifest } from '../../../crypto/sealed-bid/index.js';
import { withPriceField } from '../tenders/index.js';
import type { BidFormField } from '../tenders/index.js';
import { systemContext, type OpeningRuntime } from './deps.js';
import { vaultContext } from './key-vault.js';
import type { OpeningBid, OpeningModels, Outcome } from './models.js';
import {
  classifyUnopened,
  custodianStanding,
  weighReports,
  type CustodianStanding,
  type ReportRow,
  type ShareEvidence,
} from './blame.js';
import type { BidAtDeadline } from './snapshot.js';

interface Settlement {
  bid: BidAtDeadline;
  outcome: Outcome;
  reason: string | null;
  detail: string | null;
  blamed: number[];
  keySource: 'custodians' | 'bidder' | null;
  manifest?: BidManifest;
  /** An opened bid's content key, sealed: its package is decrypted again on demand. */
  sealedKey?: string;
  /** The custodians' signed share reports about this bid, as weighed. */
  evidence: ShareEvidence[];
}

/** The key material released for one bid, opened from the vault, and the custodians' reports about it. */
interface Material {
  shares: { position: number; share: Uint8Array; valid: boolean; wrongAfterValid: number }[];
  bidderKey?: { key: Uint8Array; valid: boolean };
  reports: ReportRow[];
}

/**
 * Settles every given bid that can be settled now: with k valid shares (or the bidder's own key) it is
 * decrypted and opened or, by the cause of a failure, revoked or withdrawn (EB Art.31); without them it waits
 * until the window ends, then is withdrawn (custodians absent: not the bidder's fault) or revoked (the
 * bidder's split was inconsistent, or its own key was wrong). Several bids decrypt at once (in the decrypt
 * workers, one per core), and settlements commit in batches, each re-checked under the rows' locks, so a
 * rerun after a crash, or a second node, never settles a bid twice. Returns how many settled.
 */
export async function settleBids(
  models: OpeningModels,
  deps: OpeningRuntime,
  bids: BidAtDeadline[],
  fields: BidFormField[],
  windowEndsAt: Date,
  signal?: AbortSignal,
): Promise<number> {
  if (bids.length === 0) return 0;
  const material = await loadMaterial(models, deps, bids[0]!.tenderId);
  const withPrice = withPriceField(fields);
  // Batches of up to 50, smaller for small openings so the hall sees bids settle as they go.
  const batchSize = Math.min(deps.settleBatch ?? 50, Math.max(1, Math.ceil(bids.length / 8)));
  const pending: Settlement[] = [];
  // Batches commit one after another while the next bids decrypt; at most one more waits behind the one
  // committing, so decryption never runs far ahead of what is durable.
  let committed = Promise.resolve(0);
  let uncommitted = 0;
  const flush = () => {
    const batch = pending.splice(0);
    uncommitted += 1;
    committed = committed
      .then(async (n) => n + (await commitBatch(models, deps, batch)))
      .finally(() => (uncommitted -= 1));
    committed.catch(() => {}); // a failed commit is thrown where it is awaited, not as unhandled
    return committed;
  };
  let next = 0;
  const lane = async () => {
    while (next < bids.length) {
      if (signal?.aborted) throw new Error('the opening job lost its lock');
      const bid = bids[next++]!;
      const settlement = await decide(
        deps,
        bid,
        material.byBid.get(bid.bidId),
        material.standing,
        withPrice,
        windowEndsAt,
      );
      if (!settlement) continue;
      pending.push(settlement);
      if (pending.length < batchSize) continue;
      void flush();
      if (uncommitted > 1) await committed;
    }
  };
  const concurrency = Math.max(
    1,
    Math.min(deps.decryptConcurrency ?? deps.decrypter.parallelism, bids.length),
  );
  // Every lane runs to its end, and what settled is committed, before a failure is thrown (the job retries).
  const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
  const settled = await flush();
  const failed = lanes.find((l) => l.status === 'rejected');
  if (failed) throw failed.reason;
  return settled;
}

async function loadMaterial(models: OpeningModels, deps: OpeningRuntime, tenderId: string) {
  const { vault } = deps;
  const [shares, keys, reports] = await Promise.all([
    models.OpeningShare.findAll({ where: { tenderId } }),
    models.OpeningBidderKey.findAll({ where: { tenderId } }),
    models.OpeningShareReport.findAll({ where: { tenderId } }),
  ]);
  const byBid = new Map<string, Material>();
  const of = (bidId: string) => byBid.get(bidId) ?? byBid.set(bidId, { shares: [], reports: [] }).get(bidId)!;
  for (const s of shares) {
    const share = vault.open(vaultContext.share(s.bidId, s.version, s.position), s.share);
    of(s.bidId).shares.push({
      position: s.position,
      share,
      valid: s.valid,
      wrongAfterValid: s.wrongAfterValid,
    });
  }
  for (const k of keys) {
    const key = vault.open(vaultContext.bidderKey(k.bidId, k.version), k.contentKey);
    of(k.bidId).bidderKey = { key, valid: k.valid };
  }
  for (const r of reports) of(r.bidId).reports.push(r);
  return { byBid, standing: custodianStanding(shares) };
}

async function decide(
  deps: OpeningRuntime,
  bid: BidAtDeadline,
  material: Material | undefined,
  standing: Map<number, CustodianStanding>,
  fields: BidFormField[],
  windowEndsAt: Date,
): Promise<Settlement | undefined> {
  const shares = material?.shares ?? [];
  const bidderKey = material?.bidderKey;
  // Wrong shares are their custodians' doing, also one sent after that custodian's valid share.
  const wrong = [
    ...new Set([...shares.filter((s) => !s.valid || s.wrongAfterValid > 0).map((s) => s.position)]),
  ].sort((a, b) => a - b);
  const weighed = weighReports(bid, material?.reports ?? [], standing);
  const evidence = weighed.evidence;
  const recovery = await recoverContentKey(
    bid.header,
    shares.filter((s) => s.valid).map((s) => ({ position: s.position, share: s.share })),
  );
  let key: Uint8Array | undefined;
  let keySource: Settlement['keySource'] = null;
  const fromBidder = bidderKey?.valid ? await contentKeyFromBidder(bid.header, bidderKey.key) : null;
  if (recovery.ok) [key, keySource] = [recovery.key, 'custodians'];
  else if (fromBidder) [key, keySource] = [fromBidder, 'bidder'];

  if (key) {
    const decryption = await deps.decrypter.decrypt(bid, key, fields);
    const sealedKey = decryption.ok
      ? deps.vault.seal(vaultContext.contentKey(bid.bidId, bid.version), key)
      : undefined;
    key.fill(0);
    if (decryption.ok) {
      const { manifest } = decryption;
      return {
        bid,
        outcome: 'opened',
        reason: null,
        detail: null,
        blamed: wrong,
        keySource,
        manifest,
        sealedKey,
        evidence,
      };
    }
    return { bid, ...decryption, blamed: wrong, keySource, evidence };
  }
  if (deps.clock.now() < windowEndsAt) return undefined; // wait for more shares or the bidder's key
  const settled = { bid, keySource: null, evidence };
  if (!recovery.ok && recovery.reason === 'INCONSISTENT_SPLIT') {
    const detail = 'the released shares all check out but rebuild another key: the bidder split it wrongly';
    return { ...settled, outcome: 'revoked', reason: 'INCONSISTENT_SPLIT', detail, blamed: wrong };
  }
  if (bidderKey && !bidderKey.valid) {
    const detail = "too few custodian shares, and the key the bidder sent is not this bid's key";
    return { ...settled, outcome: 'revoked', reason: 'BIDDER_KEY_WRONG', detail, blamed: wrong };
  }
  const valid = new Set(shares.filter((s) => s.valid).map((s) => s.position));
  const threshold = bid.header.custodians.threshold;
  const verdict = classifyUnopened({
    positions: bid.header.custodians.shares.map((s) => s.position),
    threshold,
    valid,
    credited: weighed.credited,
    wrong,
  });
  const detail =
    verdict.reason === 'SHARES_UNUSABLE'
      ? `custodians ${[...weighed.credited].sort((a, b) => a - b).join(', ')} reported, signed, that their ` +
        `wrapped shares of this bid are unusable, and each released checked shares of the tender's other ` +
        `bids; ${valid.size} of ${threshold} shares needed could be made, and the bidder sent no key`
      : `${valid.size} of ${threshold} shares needed arrived before the window ended`;
  return { ...settled, ...verdict, detail };
}

/**
 * One transaction for a batch of settlements; a bid another run settled first is left as it is. The batch's
 * audit entries and events are written together (one lock of the chain's head, one insert each), in the
 * batch's order: the same entries and events as one append per bid.
 */
async function commitBatch(models: OpeningModels, deps: OpeningRuntime, batch: Settlement[]) {
  if (batch.length === 0) return 0;
  const { db, audit, events, clock } = deps;
  return db.transaction(async (t) => {
    const rows = await models.OpeningBid.findAll({
      where: { bidId: batch.map((s) => s.bid.bidId) },
      attributes: ['bidId', 'outcome'],
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    const open = new Set(rows.filter((r) => r.outcome === null).map((r) => r.bidId));
    // Another run settled these first.
    const settling = batch.filter((s) => open.has(s.bid.bidId));
    if (settling.length === 0) return 0;
    await writeSettlements(models, settling, clock.now(), t);
    const tenderId = settling[0]!.bid.tenderId;
    const ctx = systemContext(`opening:${tenderId}`);
    await audit.appendAll(
      t,
      settling.map((s) => ({
        ctx,
        record: {
          action: 'opening.bid-settle',
          subject: `bid:${s.bid.bidId}`,
          data: {
            tenderId: s.bid.tenderId,
            version: s.bid.version,
            outcome: s.outcome,
            reason: s.reason,
            blamed: s.blamed,
            keySource: s.keySource,
            ...(s.evidence.length > 0 && {
              shareReports: s.evidence.map((e) => ({
                position: e.position,
                reason: e.reason,
                credited: e.credited,
              })),
            }),
          },
        },
      })),
    );
    await events.publishAllAfterCommit(
      t,
      ctx,
      'opening.bid-settled',
      settling.map((s) => ({
        tenderId: s.bid.tenderId,
        sectionId: s.bid.sectionId,
        bidId: s.bid.bidId,
        outcome: s.outcome,
      })),
    );
    return settling.length;
  });
}

/** What settling writes to a bid's row (the frozen columns stay as they are). */
const SETTLED_COLUMNS = [
  'outcome',
  'reason',
  'detail',
  'blamed',
  'keySource',
  'form',
  'attachments',
  'packageSize',
  'sealedKey',
  'evidence',
  'settledAt',
  'updatedAt',
] as const satisfies readonly (keyof OpeningBid)[];

/**
 * The batch's rows in one statement (an upsert on the primary key: INSERT … ON CONFLICT / ON DUPLICATE KEY
 * UPDATE of the settled columns only) instead of one UPDATE per bid. Every row exists and is locked by the
 * caller, so nothing is inserted; the frozen columns are sent as they were frozen only because an insert
 * needs them, and are not updated.
 */
async function writeSettlements(models: OpeningModels, settling: Settlement[], now: Date, t: Transaction) {
  await models.OpeningBid.bulkCreate(
    settling.map(({ bid, ...s }) => ({
      bidId: bid.bidId,
      tenderId: bid.tenderId,
      sectionId: bid.sectionId,
      bidderPartyId: bid.bidderPartyId,
      version: bid.version,
      header: bid.headerJson,
      ciphertextSha256: bid.ciphertextSha256,
      size: bid.size,
      receivedAt: bid.receivedAt,
      outcome: s.outcome,
      reason: s.reason,
      detail: s.detail?.slice(0, 500) ?? null,
      blamed: JSON.stringify(s.blamed),
      keySource: s.keySource,
      form: s.manifest ? JSON.stringify(s.manifest.form) : null,
      attachments: s.manifest ? JSON.stringify(s.manifest.attachments) : null,
      packageSha256: null,
      packageSize: s.manifest ? bid.header.plaintextSize : null,
      sealedKey: s.sealedKey ?? null,
      evidence: s.evidence.length > 0 ? JSON.stringify(s.evidence) : null,
      settledAt: now,
    })),
    { updateOnDuplicate: [...SETTLED_COLUMNS], transaction: t },
  );
}
