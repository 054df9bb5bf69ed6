import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { priceFlags, type PriceLimits } from './abnormal-price.js';

interface Row {
  name: string;
  prices: number[];
  limits?: Partial<PriceLimits>;
  /** [bid index, code] in bid order. */
  flags: [number, string][];
}

fixtureTable({
  id: 'price-flags',
  title: 'above the maximum price rejected, abnormally low flagged (SS Art.51)',
  rule: priceFlags,
  given: (row: Row) => ({
    facts: row.prices.map((priceFen, i) => ({ bidId: `b${i}`, priceFen })),
    context: { maxPriceFen: null, abnormallyLowPercent: 20, ...row.limits },
  }),
  expect: (flags, row) =>
    assert.deepEqual(
      flags.map((f) => [Number(f.bidId.slice(1)), f.code]),
      row.flags,
    ),
  rows: [
    { name: 'prices close together: nothing', prices: [95_000_00, 100_000_00, 105_000_00], flags: [] },
    {
      name: 'equal to the maximum price: admitted',
      prices: [100_000_00, 99_000_00, 98_000_00],
      limits: { maxPriceFen: 100_000_00 },
      flags: [],
    },
    {
      name: 'one fen above the maximum price: rejected',
      prices: [100_000_01, 99_000_00, 98_000_00],
      limits: { maxPriceFen: 100_000_00 },
      flags: [[0, 'ABOVE_MAX_PRICE']],
    },
    {
      name: 'exactly 20 % below the mean of the others: not flagged',
      prices: [80_000_00, 90_000_00, 110_000_00],
      flags: [],
    },
    {
      name: 'one fen more than 20 % below: flagged',
      prices: [79_999_99, 90_000_00, 110_000_00],
      flags: [[0, 'ABNORMALLY_LOW']],
    },
    {
      name: 'a rejected price is left out of the mean: 90 is 10 % below the others (with 1,000 it would be 77 %)',
      prices: [90, 100, 100, 1_000],
      limits: { maxPriceFen: 500 },
      flags: [[3, 'ABOVE_MAX_PRICE']],
    },
    {
      name: 'a configured 30 %: 25 % below is not flagged',
      prices: [75, 100, 100],
      limits: { abnormallyLowPercent: 30 },
      flags: [],
    },
    { name: 'a lone bid has nobody to be compared with', prices: [1], flags: [] },
  ],
});
