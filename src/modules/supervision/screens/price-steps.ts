import type { Rule } from '../../../platform/rules/index.js';
import {
  biddersOf,
  namesOf,
  seqsOf,
  withinBp,
  yuan,
  type Finding,
  type PricedBid,
  type SectionPrices,
} from './finding.js';
import type { ScreenSettings } from './settings.js';

/**
 * price-steps: prices that were agreed rather than competed (SS Art.40: bids abnormally identical, prices
 * in regular steps; R028). Two findings of a section's opened prices:
 * - identical: two or more bidders at exactly one price (critical), one finding per price;
 * - steps: three or more distinct prices whose consecutive differences are equal, within
 *   `priceStepToleranceBp` of their mean (warning), one finding per section.
 */
export const priceSteps: Rule<SectionPrices, Finding, Pick<ScreenSettings, 'priceStepToleranceBp'>> = (
  section,
  { priceStepToleranceBp },
) => {
  const findings: Finding[] = [];
  const byPrice = new Map<number, PricedBid[]>();
  for (const bid of section.bids) byPrice.set(bid.priceFen, [...(byPrice.get(bid.priceFen) ?? []), bid]);
  const prices = [...byPrice.keys()].sort((a, b) => a - b);
  for (const price of prices) {
    const bids = byPrice.get(price)!;
    const bidders = biddersOf(bids);
    if (bidders.length < 2) continue;
    findings.push({
      indicator: 'price-steps',
      severity: 'critical',
      sectionId: section.sectionId,
      identity: `identical:${section.sectionId}:${price}`,
      summary: `${bidders.length} bidders bid exactly ${yuan(price)}: ${namesOf(bidders)}`,
      seqs: seqsOf([section.recordSeq, ...bids.map((b) => b.seq)]),
      details: { kind: 'identical', priceFen: price, bidders },
    });
  }
  if (prices.length >= 3) {
    const steps = prices.slice(1).map((p, i) => p - prices[i]!);
    const spread = Math.max(...steps) - Math.min(...steps);
    const sum = steps.reduce((a, b) => a + b, 0);
    // spread / mean ≤ tolerance, i.e. spread · count ≤ tolerance · sum: exact in integers.
    if (withinBp(spread * steps.length, sum, priceStepToleranceBp)) {
      findings.push({
        indicator: 'price-steps',
        severity: 'warning',
        sectionId: section.sectionId,
        identity: `steps:${section.sectionId}`,
        summary:
          `The ${prices.length} prices rise in regular steps of ${steps.map(yuan).join(', ')}: ` +
          prices.map(yuan).join(' < '),
        seqs: seqsOf([section.recordSeq, ...section.bids.map((b) => b.seq)]),
        details: { kind: 'steps', pricesFen: prices, stepsFen: steps, toleranceBp: priceStepToleranceBp },
      });
    }
  }
  return findings;
};
