import { Op, type Transaction } from 'sequelize';
import { canonicalJson, chainHash } from '../../../crypto/index.js';
import type { Actor, RequestContext } from '../auth/roles.js';
import type { Clock } from '../clock.js';
import type { Signer } from '../keys/signer.js';
import { checkpointMessage, hashedBody } from './entry.js';
import type { AuditEntry, AuditModels } from './models.js';

export interface AuditRecord {
  /** What happened, as `<noun>.<verb>`: `party.register`, `certificate.revoke`. */
  action: string;
  /** What it happened to: `party:<id>`, `user:<id>`. */
  subject: string;
  data?: Record<string, unknown>;
  /** The actor, when the request had none yet (a login names the user it logs in). */
  actor?: Actor;
}

/**
 * The one audit writer (EB Art.49). It appends inside the caller's transaction, so an entry exists
 * exactly when the change it describes committed. Appends lock the chain's head row, which orders
 * concurrent writers on every node; every `checkpointEvery` entries the head is signed.
 */
export class AuditLog {
  constructor(
    private readonly models: AuditModels,
    private readonly clock: Clock,
    private readonly signer: Signer,
    private readonly checkpointEvery: number,
  ) {}

  async append(t: Transaction, ctx: RequestContext, record: AuditRecord): Promise<AuditEntry> {
    return (await this.appendAll(t, [{ ctx, record }]))[0]!;
  }

  /** Appends several entries in order with one lock of the head and one insert (a batch of bids). */
  async appendAll(
    t: Transaction,
    items: { ctx: RequestContext; record: AuditRecord }[],
  ): Promise<AuditEntry[]> {
    const head = await this.models.AuditHead.findByPk(1, { transaction: t, lock: t.LOCK.UPDATE });
    if (!head) throw new Error('audit_head row is missing; run the migrations');
    const entries: AuditEntry[] = [];
    let [seq, hash] = [Number(head.seq), head.hash];
    for (const { ctx, record } of items) {
      const actor = record.actor ?? ctx.actor;
      const entry = this.models.AuditEntry.build({
        seq: ++seq,
        at: this.clock.now(),
        actorUserId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        ip: ctx.ip,
        requestId: ctx.requestId,
        action: record.action,
        subject: record.subject,
        data: canonicalJson(record.data ?? {}),
        prevHash: hash,
        hash: '',
      });
      entry.hash = hash = await chainHash(hash, hashedBody(entry));
      entries.push(entry);
    }
    if (entries.length === 0) return entries;
    await this.models.AuditEntry.bulkCreate(
      entries.map((e) => e.get({ plain: true })),
      { transaction: t },
    );
    await head.update({ seq, hash }, { transaction: t });
    for (const entry of entries) {
      if (entry.seq % this.checkpointEvery === 0) await this.checkpoint(t, entry);
    }
    for (const { ctx } of items) markAudited(ctx);
    return entries;
  }

  /**
   * The entries about any of `subjects` after `afterSeq`, oldest first: the history of a record and its
   * children (a tender's bids, draws, evaluation), read through the subject index.
   */
  async about(subjects: string[], afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (subjects.length === 0) return [];
    return this.models.AuditEntry.findAll({
      where: { subject: { [Op.in]: subjects }, seq: { [Op.gt]: afterSeq } },
      order: [['seq', 'ASC']],
      limit,
    });
  }

  private async checkpoint(t: Transaction, entry: AuditEntry): Promise<void> {
    const at = this.clock.now();
    const signature = await this.signer.sign(checkpointMessage(entry.seq, entry.hash, at));
    await this.models.AuditCheckpoint.create(
      { seq: entry.seq, hash: entry.hash, at, signature, signerFingerprint: this.signer.fingerprint },
      { transaction: t },
    );
  }
}

/**
 * Requests whose context appended to the chain. The HTTP layer checks it after every successful
 * mutating request, so a route that forgot its audit entry is caught in tests.
 */
const audited = new WeakSet<RequestContext>();
function markAudited(ctx: RequestContext) {
  audited.add(ctx);
}
export const wasAudited = (ctx: RequestContext) => audited.has(ctx);
