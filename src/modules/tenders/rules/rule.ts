import type { Rule } from '../../../platform/rules/index.js';
import type { EvaluationPlan } from '../evaluation-plan.js';

/**
 * A tender rule: one legal limit, one stable code, one pure function over the facts (docs/domain.md §2), in
 * the shape of the platform's rule kernel. Each lives in its own file with its fixture table beside it
 * (`<rule>.test.ts`); adding a rule is one file plus one table, and listing it in index.ts (a test checks
 * the folder against the list).
 */
export interface Violation {
  code: string;
  /** The input field it belongs to, as the form names it: `schedule.bidDeadline`, `sections.0.depositFen`. */
  field: string;
  message: string;
  params?: Record<string, unknown>;
}

export interface ScheduleFacts {
  documentsFrom: Date;
  documentsTo: Date;
  clarificationDeadline: Date;
  bidDeadline: Date;
}

export interface SectionFacts {
  maxPriceFen: number | null;
  estimatedPriceFen: number;
  depositFen: number;
  /** The section's own plan, or the one derived from the tender (evaluation-plan.ts). */
  evaluationPlan: EvaluationPlan;
}

export interface CustodianFacts {
  userId: string;
  /** Null when the user does not exist. */
  role: string | null;
  /** Whether the user holds a certificate valid at the time of the check. */
  hasValidCertificate: boolean;
}

/** What the publication rules look at, gathered by the service. */
export interface TenderFacts {
  schedule: ScheduleFacts;
  sections: SectionFacts[];
  custodians: { threshold: number; members: CustodianFacts[] };
}

/** Judged at `now`: the time limits count from the time of the check. */
export type TenderRule = Rule<TenderFacts, Violation, Date>;

export const DAY_MS = 24 * 3600_000;

export const days = (ms: number) => Math.floor((ms / DAY_MS) * 100) / 100;
