import { z } from 'zod';
import type { EvaluationCriterion, EvaluationMethod } from './models.js';
import { EVALUATION_METHODS } from './models.js';

/**
 * How one section's bids are evaluated (docs/domain.md §4-§5): the method, the criteria table, the price-score
 * formula, the committee's make-up. Part of the tender: chosen in the draft, published in the notice and in
 * OCDS, frozen with the rest of the tender. The schema only checks shapes and ranges, so a plan that breaks a
 * legal limit (a committee of 4, points summing to 99) is saved in the draft and named by its rule code
 * (rules/committee-*.ts, rules/evaluation-criteria.ts), as the other publication rules do.
 */

export const CRITERION_KINDS = ['pass-fail', 'subjective', 'objective'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];
export const CRITERION_GROUPS = ['qualification', 'technical', 'commercial', 'price'] as const;
export type CriterionGroup = (typeof CRITERION_GROUPS)[number];
export const PRICE_BASES = ['lowest-price', 'benchmark-average'] as const;
export type PriceBase = (typeof PRICE_BASES)[number];

/** Points and rates: non-negative, at most 100; two decimals at most is a rule (its own code). */
const points = z.number().min(0).max(100);
const members = z.number().int().min(0).max(99);

export const criterionSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes, at most 32'),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(CRITERION_KINDS),
  group: z.enum(CRITERION_GROUPS),
  /** 0 for pass-fail; for the price criterion, the price's full points. */
  points,
});

export const priceFormulaSchema = z.discriminatedUnion('base', [
  /** GP87 Art.55: base = the lowest compliant price; score = base / price × full points. */
  z.object({ base: z.literal('lowest-price') }),
  /** Mean of the compliant prices (dropping the highest and lowest above three); points lost per 1 % off it. */
  z.object({
    base: z.literal('benchmark-average'),
    pointsPerPercentAbove: points,
    pointsPerPercentBelow: points,
  }),
]);

export const committeeSchema = z.object({
  size: members,
  experts: members,
  representatives: members,
});

/**
 * The credit record kinds a tender may name in a credit criterion (a copy of src/modules/credit/kinds.ts,
 * which is built after tenders; test/credit.test.ts checks the two lists agree).
 */
export const CREDIT_RECORD_KINDS = [
  'bid-revoked',
  'contract-refused',
  'collusion',
  'collusion-warning',
  'contract-breach',
] as const;

/** "No credit record of this kind within N years" (信用要求): checked automatically when the evaluation starts. */
export const creditRequirementSchema = z.object({
  kind: z.enum(CREDIT_RECORD_KINDS),
  years: z.number().int().min(1).max(10),
});

export const evaluationPlanSchema = z.object({
  method: z.enum(EVALUATION_METHODS),
  criteria: z.array(criterionSchema).min(1).max(50),
  priceFormula: priceFormulaSchema.default({ base: 'lowest-price' }),
  committee: committeeSchema,
  /** 政府采购: GP87 Art.47 asks for ≥ 7 members when the budget is 10,000,000 CNY or more. */
  governmentProcurement: z.boolean().default(false),
  /** A member's total off the committee mean by more than this share is flagged. */
  deviationPercent: z.number().int().min(1).max(100).default(20),
  /** A price below the mean of the others by more than this share is flagged as abnormally low. */
  abnormallyLowPercent: z.number().int().min(1).max(100).default(20),
  /** Qualification by credit (docs/domain.md §12): a bidder with such a record is rejected before the review. */
  creditRequirements: z.array(creditRequirementSchema).max(10).optional(),
  /** The evaluation's scheduled length; an extension (SS Art.48) adds the same again. */
  durationMinutes: z
    .number()
    .int()
    .min(30)
    .max(24 * 60)
    .default(240),
});

export type Criterion = z.output<typeof criterionSchema>;
export type PriceFormula = z.output<typeof priceFormulaSchema>;
export type Committee = z.output<typeof committeeSchema>;
export type CreditRequirement = z.output<typeof creditRequirementSchema>;
export type EvaluationPlan = z.output<typeof evaluationPlanSchema>;
/** A plan as a client sends it (the defaulted fields may be left out). */
export type EvaluationPlanInput = z.input<typeof evaluationPlanSchema>;

/** GP87 Art.47: from this budget (in fen) a government procurement committee has at least 7 members. */
export const GP_LARGE_BUDGET_FEN = 10_000_000_00;

/** The tender-level settings a plan is derived from when a section has none of its own (drafts made before). */
export interface LegacyEvaluation {
  evaluationMethod: EvaluationMethod;
  evaluationCriteria: EvaluationCriterion[];
}

/**
 * The plan of a section that states none: the tender's method and criteria, translated. Qualification
 * criteria are pass/fail; technical and commercial ones scored by judgment (subjective) under 综合评估法 and
 * pass/fail under the lowest-price method; the price is objective (computed, never typed), scored on the
 * lowest price. Five members, all drawn experts, seven from the budget where government procurement needs
 * them, so a larger project gets the larger committee whichever law applies.
 */
export function defaultPlan(
  section: { estimatedPriceFen: number },
  tender: LegacyEvaluation,
): EvaluationPlan {
  const comprehensive = tender.evaluationMethod === 'comprehensive';
  const counts = new Map<string, number>();
  const key = (group: CriterionGroup) => {
    const n = (counts.get(group) ?? 0) + 1;
    counts.set(group, n);
    return group === 'price' && n === 1 ? 'price' : `${group}-${n}`;
  };
  const criteria = tender.evaluationCriteria.map((c): Criterion => {
    if (c.kind === 'price') {
      return { key: key('price'), name: c.name, kind: 'objective', group: 'price', points: c.weight ?? 0 };
    }
    if (c.kind === 'qualification' || !comprehensive) {
      return {
        key: key('qualification'),
        name: c.name,
        kind: 'pass-fail',
        group: 'qualification',
        points: 0,
      };
    }
    return { key: key(c.kind), name: c.name, kind: 'subjective', group: c.kind, points: c.weight ?? 0 };
  });
  const size = section.estimatedPriceFen >= GP_LARGE_BUDGET_FEN ? 7 : 5;
  return {
    method: tender.evaluationMethod,
    criteria,
    priceFormula: { base: 'lowest-price' },
    committee: { size, experts: size, representatives: 0 },
    governmentProcurement: false,
    deviationPercent: 20,
    abnormallyLowPercent: 20,
    durationMinutes: 240,
  };
}

/** The section's own plan when it has one (stored as JSON), else the plan derived from the tender. */
export function effectivePlan(
  section: { evaluationPlan: string | null; estimatedPriceFen: number },
  tender: LegacyEvaluation,
): EvaluationPlan {
  if (section.evaluationPlan === null) return defaultPlan(section, tender);
  return evaluationPlanSchema.parse(JSON.parse(section.evaluationPlan));
}

/** Points in hundredths, the unit scores are kept in (2.5 → 250); null when the number has more decimals. */
export function hundredths(points: number): number | null {
  const scaled = Math.round(points * 100);
  return Math.abs(points * 100 - scaled) < 1e-6 ? scaled : null;
}
