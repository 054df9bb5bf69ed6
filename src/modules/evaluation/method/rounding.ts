/*
 * Scores are kept in hundredths of a point and money in fen, as integers; anything that divides goes through
 * BigInt and is rounded once, at the end, half up at .005 (docs/domain.md §5: "rounded to 2 decimals").
 * Floats never decide a score: 0.1 + 0.2 must not move a bid up or down the ranking.
 */

/**
 * A plan number with at most 2 decimals (points, rates per 1 %, percentages) as a whole number of hundredths.
 * More decimals are a plan the schema should have refused: a RangeError, never a silent rounding.
 */
export function toHundredths(value: number): number {
  const hundredths = Math.round(value * 100);
  if (!Number.isSafeInteger(hundredths) || Math.abs(hundredths - value * 100) > 1e-6) {
    throw new RangeError(`${value} has more than 2 decimals`);
  }
  return hundredths;
}

/** Hundredths as a decimal string with two places, for people: 1234 → "12.34", -5 → "-0.05". */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * numerator / denominator rounded half away from zero (四舍五入): an exact half goes up for a positive
 * quotient, so 0.005 point becomes 0.01 and 0.00499… stays 0.00.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** A BigInt result back to a number; every score and mean fits, a larger one is a bug worth stopping on. */
export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${value} is beyond a safe integer`);
  }
  return Number(value);
}

/** A price in fen as BigInt: a positive safe integer, as the opening reads it out (EB Art.31). */
export function fen(priceFen: number): bigint {
  if (!Number.isSafeInteger(priceFen) || priceFen <= 0) {
    throw new RangeError(`a price must be a positive whole number of fen, not ${priceFen}`);
  }
  return BigInt(priceFen);
}

/** The sum of whole numbers as BigInt: a mean stays the exact fraction sum / count until it is rounded. */
export function sumOf(values: readonly (number | bigint)[]): bigint {
  let sum = 0n;
  for (const v of values) sum += BigInt(v);
  return sum;
}

/** The mean of whole numbers (hundredths), rounded half up once. At least one value. */
export function meanHalfUp(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the mean of no values');
  return toSafeNumber(divideHalfUp(sumOf(values), BigInt(values.length)));
}
