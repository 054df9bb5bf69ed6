import type { CreditRecord } from './models.js';

export type EffectiveStatus = 'active' | 'objected' | 'revoked' | 'repaired' | 'expired';

/**
 * A record's status at an instant: revoked and repaired are final; otherwise it is expired from its
 * validUntil on, to the millisecond (validUntil itself is already expired), computed here rather than by a job.
 */
export function statusAt(r: Pick<CreditRecord, 'status' | 'validUntil'>, now: Date): EffectiveStatus {
  if (r.status === 'revoked' || r.status === 'repaired') return r.status;
  if (r.validUntil && now.getTime() >= r.validUntil.getTime()) return 'expired';
  return r.status;
}

/** In effect: it bars, counts in the score and in a tender's credit criterion. An objection does not suspend it. */
export function inEffect(r: Pick<CreditRecord, 'status' | 'validUntil'>, now: Date): boolean {
  const s = statusAt(r, now);
  return s === 'active' || s === 'objected';
}
