import type { Rule } from '../../../platform/rules/index.js';
import { seqsOf, withinBp, yuan, type Finding, type SectionPrices } from './finding.js';
import type { ScreenSettings } from './settings.js';

/**
 * near-budget: even the lowest opened price is within `nearBudgetBp` under the section's maximum price, so
 * whoever wins, the price barely moved off the budget: no price competition. A price above the maximum is
 * rejected by the evaluation, not flagged here.
 */
export const nearBudget: Rule<SectionPrices, Finding, Pick<ScreenSettings, 'nearBudgetBp'>> = (
  section,
  { nearBudgetBp },
) => {
  const max = section.maxPriceFen;
  if (max === null || section.bids.length === 0) return [];
  const lowest = Math.min(...section.bids.map((b) => b.priceFen));
  if (lowest > max || !withinBp(max - lowest, max, nearBudgetBp)) return [];
  return [
    {
      indicator: 'near-budget',
      severity: 'warning',
      sectionId: section.sectionId,
      identity: section.sectionId,
      summary:
        `Every price is near the maximum price ${yuan(max)}: the lowest, ${yuan(lowest)}, ` +
        `is only ${yuan(max - lowest)} under it`,
      seqs: seqsOf([section.recordSeq, ...section.bids.map((b) => b.seq)]),
      details: { maxPriceFen: max, lowestFen: lowest, nearBp: nearBudgetBp, bids: section.bids.length },
    },
  ];
};
