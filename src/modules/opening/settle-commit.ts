import { QueryTypes, type Transaction } from 'sequelize';
import type { BidManifest } from '../../../crypto/sealed-bid/index.js';
import type { ShareEvidence } from './blame.js';
import { systemContext, type OpeningRuntime } from './deps.js';
import type { OpeningModels, Outcome } from './models.js';
import { sqlInstant } from '../../platform/db/sql-instant.js';

/** What the opening made of one bid, as it is written (the bid as small as the row and events need it). */
export interface Settlement {
  bid: { bidId: string; tenderId: string; sectionId: string; version: number; plaintextSize: number };
  outcome: Outcome;
  reason: string | null;
  detail: string | null;
  blamed: number[];
  keySource: 'custodians' | 'bidder' | null;
  manifest?: Pick<BidManifest, 'form' | 'attachments'>;
  /** An opened bid's content key, sealed: its package is decrypted again on demand. */
  sealedKey?: string;
  /** The custodians' signed share reports about this bid, as weighed. */
  evidence: ShareEvidence[];
}

/**
 * One transaction for a batch of settlements; a bid another run settled first is left as it is. The batch's
 * audit entries and events are written together (one lock of the chain's head, one insert each), in the
 * batch's order: the same entries and events as one append per bid.
 */
export async function commitBatch(models: OpeningModels, deps: OpeningRuntime, batch: Settlement[]) {
  if (batch.length === 0) return 0;
  const { db, audit, events, clock } = deps;
  return db.transaction(async (t) => {
    const rows = await models.OpeningBid.findAll({
      where: { bidId: batch.map((s) => s.bid.bidId) },
      attributes: ['bidId', 'outcome'],
      transaction: t,
      lock: t.LOCK.UPDATE,
      raw: true,
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
type SettledColumn =
  | 'outcome'
  | 'reason'
  | 'detail'
  | 'blamed'
  | 'keySource'
  | 'form'
  | 'attachments'
  | 'packageSize'
  | 'sealedKey'
  | 'evidence';

const settledValues = (s: Settlement): Record<SettledColumn, string | number | null> => ({
  outcome: s.outcome,
  reason: s.reason,
  detail: s.detail?.slice(0, 500) ?? null,
  blamed: JSON.stringify(s.blamed),
  keySource: s.keySource,
  form: s.manifest ? JSON.stringify(s.manifest.form) : null,
  attachments: s.manifest ? JSON.stringify(s.manifest.attachments) : null,
  packageSize: s.manifest ? s.bid.plaintextSize : null,
  sealedKey: s.sealedKey ?? null,
  evidence: s.evidence.length > 0 ? JSON.stringify(s.evidence) : null,
});

/**
 * The batch's rows in one UPDATE (each settled column a CASE on the bid id), instead of one UPDATE per bid or
 * an upsert that would send every frozen column (the sealed header too) back only to leave it as it is.
 * Only the settled columns are written, and only rows still unsettled: the caller holds their locks and
 * checked that, and the statement says it again.
 */
async function writeSettlements(models: OpeningModels, settling: Settlement[], now: Date, t: Transaction) {
  const model = models.OpeningBid;
  const sequelize = model.sequelize!;
  const q = (name: string) => sequelize.getQueryInterface().quoteIdentifier(name);
  const column = (attribute: SettledColumn | 'bidId' | 'settledAt' | 'updatedAt') =>
    q(model.getAttributes()[attribute].field!);
  // As text: Sequelize's escaping of a Date drops the milliseconds on MySQL.
  const replacements: Record<string, unknown> = { now: sqlInstant(now, sequelize.getDialect()) };
  const ids = settling.map((s, i) => {
    replacements[`id${i}`] = s.bid.bidId;
    return `:id${i}`;
  });
  const values = settling.map(settledValues);
  const sets = (Object.keys(values[0]!) as SettledColumn[]).map((c) => {
    const cases = values.map((v, i) => {
      replacements[`${c}${i}`] = v[c];
      return `WHEN :id${i} THEN :${c}${i}`;
    });
    return `${column(c)} = CASE ${column('bidId')} ${cases.join(' ')} END`;
  });
  sets.push(`${column('settledAt')} = :now`, `${column('updatedAt')} = :now`);
  const table = q(model.getTableName() as string);
  await sequelize.query(
    `UPDATE ${table} SET ${sets.join(', ')} WHERE ${column('bidId')} IN (${ids.join(', ')}) ` +
      `AND ${column('outcome')} IS NULL`,
    { replacements, transaction: t, type: QueryTypes.UPDATE },
  );
}
