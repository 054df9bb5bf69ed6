/**
 * A tender rule: one legal limit, one stable code, one pure function over the facts (DOMAIN.md §2).
 * Each lives in its own file with a fixture table in test/tender-rules.test.ts; adding a rule is one file
 * plus one table, and listing it in index.ts.
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

export type TenderRule = (facts: TenderFacts, now: Date) => Violation[];

export const DAY_MS = 24 * 3600_000;

export const days = (ms: number) => Math.floor((ms / DAY_MS) * 100) / 100;
