import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, withinBp, yuan, type Finding, type SectionPrices } from './finding.js';
import type { ScreenSettings } from './settings.js';

/**
 * price-close: the runner-up's price hugs the lowest one (R024, cover bidding): the second-lowest distinct
 * price is at most `priceCloseBp` above the lowest. Run at the opening, before any winner, so the lowest
 * price stands in for the winner's. Equal prices are price-steps' finding (identical), not this one.
 */
export const priceClose: Rule<SectionPrices, Finding, Pick<ScreenSettings, 'priceCloseBp'>> = (
  section,
  { priceCloseBp },
) => {
  const prices = [...new Set(section.bids.map((b) => b.priceFen))].sort((a, b) => a - b);
  if (prices.length < 2) return [];
  const [lowest, second] = prices as [number, number];
  if (!withinBp(second - lowest, lowest, priceCloseBp)) return [];
  const bids = section.bids.filter((b) => b.priceFen === lowest || b.priceFen === second);
  return [
    {
      indicator: 'price-close',
      severity: 'warning',
      sectionId: section.sectionId,
      identity: section.sectionId,
      summary:
        `The second-lowest price ${yuan(second)} is ${yuan(second - lowest)} above the lowest ` +
        `${yuan(lowest)}: ${namesOf(biddersOf(bids))}`,
      seqs: seqsOf([section.recordSeq, ...bids.map((b) => b.seq)]),
      details: { lowestFen: lowest, secondFen: second, closeBp: priceCloseBp, bidders: biddersOf(bids) },
    },
  ];
};
