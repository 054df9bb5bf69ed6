import type { Severity } from './kinds.js';

/**
 * The party credit score (信用分, 0-100), from the records in effect at the instant:
 *
 *   score = clamp(0, 100, 90 + min(10, 2 × good) − 5 × minor − 15 × serious − 20 × barring)
 *
 * Only public records count (the score is public). A party with no record has 90; good records (按期履约) add 2 each up to 10; a blacklisting record costs 35 in
 * all (15 as serious, 20 as barring). Expired, revoked and repaired records count for nothing. Experts keep the
 * experts module's rating score (src/modules/experts/credit.ts); this one is for parties.
 */
export const BASE = 90;
export const GOOD_EACH = 2;
export const GOOD_CAP = 10;
export const PENALTY: Record<Exclude<Severity, 'good'>, number> = { minor: 5, serious: 15 };
export const BARRING_PENALTY = 20;

export function partyScore(records: readonly { severity: Severity; barring: boolean }[]): number {
  let good = 0;
  let penalty = 0;
  for (const r of records) {
    if (r.severity === 'good') good += 1;
    else penalty += PENALTY[r.severity] + (r.barring ? BARRING_PENALTY : 0);
  }
  return Math.max(0, Math.min(100, BASE + Math.min(GOOD_CAP, GOOD_EACH * good) - penalty));
}
