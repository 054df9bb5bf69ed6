import { fen, toHundredths } from './rounding.js';
import type { PricedBid } from './types.js';

/*
 * Price checks when a bid is admitted to the evaluation (docs/domain.md §5, SS Art.51): a price above the
 * maximum price (最高投标限价) is rejected; one far below the others may be below cost, so it is flagged for the
 * committee to ask the bidder about (clarification) rather than rejected outright.
 */

export type PriceFlagCode = 'ABOVE_MAX_PRICE' | 'ABNORMALLY_LOW';

export interface PriceFlag {
  bidId: string;
  code: PriceFlagCode;
}

export interface PriceLimits {
  /** The section's maximum price in fen; null when the tender set none. */
  maxPriceFen: number | null;
  /** A price more than this % below the mean of the other compliant prices is abnormally low. */
  abnormallyLowPercent: number;
}

/**
 * The flags, in the order of the bids. Prices above the maximum are rejected and so left out of the mean the
 * others are compared with; equal to the maximum is allowed. "Abnormally low" compares each price with the
 * exact mean of the other compliant prices (sum / m): (mean − price) / mean > p % ⇔
 * (sum − price × m) × 100 > p × sum; a price exactly p % below is not flagged. A lone compliant bid has nobody
 * to be compared with.
 */
export function priceFlags(bids: readonly PricedBid[], limits: PriceLimits): PriceFlag[] {
  const max = limits.maxPriceFen === null ? null : BigInt(limits.maxPriceFen);
  const p = BigInt(toHundredths(limits.abnormallyLowPercent)); // in hundredths: the 100 becomes 10,000
  const priced = bids.map((b) => ({ bidId: b.bidId, price: fen(b.priceFen) }));
  const compliant = priced.filter((b) => max === null || b.price <= max);
  const total = compliant.reduce((s, b) => s + b.price, 0n);
  const flags: PriceFlag[] = [];
  for (const b of priced) {
    if (max !== null && b.price > max) {
      flags.push({ bidId: b.bidId, code: 'ABOVE_MAX_PRICE' });
      continue;
    }
    const m = BigInt(compliant.length - 1);
    const others = total - b.price;
    if (m > 0n && (others - b.price * m) * 10_000n > p * others)
      flags.push({ bidId: b.bidId, code: 'ABNORMALLY_LOW' });
  }
  return flags;
}
