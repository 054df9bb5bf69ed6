import { GP_LARGE_BUDGET_FEN } from '../evaluation-plan.js';
import type { TenderRule } from './rule.js';

/**
 * GP87 Art.47: in government procurement, a section whose budget (its estimated price) is 10,000,000 CNY or
 * more is evaluated by at least 7 members. Compared in integer fen.
 */
export const GP_MIN_COMMITTEE_SIZE = 7;

export const gpCommitteeSize: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => {
    const { governmentProcurement, committee } = s.evaluationPlan;
    if (!governmentProcurement || s.estimatedPriceFen < GP_LARGE_BUDGET_FEN) return [];
    if (committee.size >= GP_MIN_COMMITTEE_SIZE) return [];
    return [
      {
        code: 'GP_COMMITTEE_TOO_SMALL',
        field: `sections.${i}.evaluationPlan.committee.size`,
        message: `Government procurement of 10,000,000 CNY or more needs a committee of at least ${GP_MIN_COMMITTEE_SIZE}`,
        params: { minSize: GP_MIN_COMMITTEE_SIZE, size: committee.size, budgetFen: s.estimatedPriceFen },
      },
    ];
  });
