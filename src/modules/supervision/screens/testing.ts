// For the fixture tables beside each screen: fact builders and the table adapter.
import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import type { Finding, IndicatorId, PricedBid, SectionPrices, Severity, Upload } from './finding.js';
import { DEFAULT_SCREEN_SETTINGS, type ScreenSettings } from './settings.js';

export const T0 = Date.parse('2026-03-02T04:00:00.000Z');
export const DAY = 24 * 3600_000;
export const SECTION = 'section-1';
export const RECORD_SEQ = 900;

export const bidder = (n: number) => ({ partyId: `party-${n}`, name: `投标人${n}` });

/** An upload by bidder `n`, event number `seq`, `seconds` after T0, from its own address and machine. */
export function upload(
  n: number,
  seq: number,
  overrides: Partial<Upload> & { seconds?: number } = {},
): Upload {
  const { seconds = seq * 3600, ...rest } = overrides;
  return {
    seq,
    bidId: `bid-${n}`,
    version: 1,
    sectionId: SECTION,
    bidder: bidder(n),
    at: T0 + seconds * 1000,
    ip: `10.0.0.${n}`,
    machine: [`device:pc-${n}`],
    ...rest,
  };
}

/** A section's opened prices: bidder i+1 bid prices[i] fen, its upload being event 100 + i. */
export function section(prices: number[], maxPriceFen: number | null = null): SectionPrices {
  const bids: PricedBid[] = prices.map((priceFen, i) => ({
    bidId: `bid-${i + 1}`,
    bidder: bidder(i + 1),
    priceFen,
    seq: 100 + i,
  }));
  return { sectionId: SECTION, maxPriceFen, recordSeq: RECORD_SEQ, bids };
}

export interface ScreenRow<Facts> {
  name: string;
  facts: Facts;
  settings?: Partial<ScreenSettings>;
  /** The findings expected, as [identity, severity], in the screen's order; [] when it passes. */
  expect: [identity: string, severity: Severity][];
  /** Their evidence's event numbers, when the row is about them. */
  seqs?: number[][];
}

/** One fixture table of a screen: each row's findings by identity and severity, all of the screen's indicator. */
export function screenTable<Facts>(
  id: IndicatorId,
  title: string,
  rule: (facts: Facts, settings: ScreenSettings) => readonly Finding[],
  rows: ScreenRow<Facts>[],
): void {
  fixtureTable({
    id,
    title,
    rule,
    given: (row: ScreenRow<Facts>) => ({
      facts: row.facts,
      context: { ...DEFAULT_SCREEN_SETTINGS, ...row.settings },
    }),
    expect: (findings, row) => {
      assert.deepEqual(
        findings.map((f) => [f.identity, f.severity]),
        row.expect,
      );
      for (const f of findings) {
        assert.equal(f.indicator, id);
        assert.ok(f.summary.length > 0 && f.seqs.length > 0, 'a finding says what and shows its events');
      }
      if (row.seqs)
        assert.deepEqual(
          findings.map((f) => f.seqs),
          row.seqs,
        );
    },
    rows,
  });
}
