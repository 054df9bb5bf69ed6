import { divideHalfUp, sumOf, toHundredths, toSafeNumber } from './rounding.js';

/*
 * A member whose total for a bid is far from the committee's mean is shown to the leader and to supervision:
 * the sign of an extreme (畸高/畸低) score, one of the corrections GP87 Art.64 allows (docs/domain.md §5).
 */

export interface MemberTotal {
  memberId: string;
  totalHundredths: number;
}

export interface Deviation extends MemberTotal {
  /** The committee's mean for the bid, rounded half up (for showing; the test uses the exact mean). */
  meanHundredths: number;
}

/**
 * The members whose total differs from the mean of all the totals by more than `percent` % of that mean. The
 * mean stays the exact fraction sum / n: |total − sum/n| > p/100 × sum/n ⇔ |total × n − sum| × 100 > p × sum,
 * so a total exactly `percent` % off is not flagged.
 */
export function deviations(totals: readonly MemberTotal[], percent: number): Deviation[] {
  if (totals.length === 0) return [];
  const n = BigInt(totals.length);
  const sum = sumOf(totals.map((t) => t.totalHundredths));
  const p = BigInt(toHundredths(percent)); // percent in hundredths, so the 100 becomes 100 × 100
  const mean = toSafeNumber(divideHalfUp(sum, n));
  return totals
    .filter((t) => {
      const offset = BigInt(t.totalHundredths) * n - sum;
      return (offset < 0n ? -offset : offset) * 10_000n > p * sum;
    })
    .map((t) => ({ ...t, meanHundredths: mean }));
}
