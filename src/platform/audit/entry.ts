import { AuditEntry } from './models.js';

/**
 * The body that an entry's hash covers, rebuilt the same way when writing and when verifying.
 * Time is kept to the millisecond, the precision every engine stores.
 */
export function hashedBody(
  e: Pick<
    AuditEntry,
    'seq' | 'at' | 'actorUserId' | 'actorRole' | 'ip' | 'requestId' | 'action' | 'subject' | 'data'
  >,
) {
  return {
    seq: Number(e.seq),
    at: new Date(e.at).toISOString(),
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    ip: e.ip,
    requestId: e.requestId,
    action: e.action,
    subject: e.subject,
    data: e.data,
  };
}

/** The text a checkpoint signature covers. */
export const checkpointMessage = (seq: number, hash: string, at: Date) =>
  `yangguang-audit-checkpoint\n${seq}\n${hash}\n${at.toISOString()}`;
