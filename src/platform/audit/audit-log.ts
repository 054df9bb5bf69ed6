import type { Transaction } from 'sequelize';
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
    const head = await this.models.AuditHead.findByPk(1, { transaction: t, lock: t.LOCK.UPDATE });
    if (!head) throw new Error('audit_head row is missing; run the migrations');
    const actor = record.actor ?? ctx.actor;
    const entry = this.models.AuditEntry.build({
      seq: Number(head.seq) + 1,
      at: this.clock.now(),
      actorUserId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      ip: ctx.ip,
      requestId: ctx.requestId,
      action: record.action,
      subject: record.subject,
      data: canonicalJson(record.data ?? {}),
      prevHash: head.hash,
      hash: '',
    });
    entry.hash = await chainHash(head.hash, hashedBody(entry));
    await entry.save({ transaction: t });
    await head.update({ seq: entry.seq, hash: entry.hash }, { transaction: t });
    if (entry.seq % this.checkpointEvery === 0) await this.checkpoint(t, entry);
    markAudited(ctx);
    return entry;
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
