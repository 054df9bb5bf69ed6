// The shapes the expert pool works on. Plain data only, so they cross the database, HTTP, the browser and the
// CLI unchanged. Dates are China calendar dates as 'YYYY-MM-DD' strings: they compare correctly as text.

export type ExpertStatus = 'active' | 'suspended' | 'removed';

/** A declared relation to a party (回避申报), e.g. 'former employee', 'relative of staff'. */
export interface DeclaredConflict {
  partyUscc: string;
  relation: string;
}

export interface RecentDraw {
  tendereeUscc: string;
  date: string;
}

/** What eligibility and the draw need to know about an expert (never names or ID numbers). */
export interface PoolExpert {
  id: string;
  employerUscc: string | null;
  /** 6-digit GB/T 2260 administrative division code, e.g. '450103'. */
  regionCode: string;
  status: ExpertStatus;
  /** 0-100, driven by ratings after each job (动态考核). */
  creditScore: number;
  /** Catalog codes, e.g. 'A0801'. */
  specialties: string[];
  unavailableDates: string[];
  conflicts: DeclaredConflict[];
  recentDraws: RecentDraw[];
}

export interface Exclusion {
  expertId: string;
  reason: string;
}

export interface DrawContext {
  tendereeUscc: string;
  agencyUscc: string | null;
  /** Empty when the bidders are not known yet (the draw may precede the deadline). */
  bidderUsccs: string[];
  evaluationDate: string;
  minCreditScore: number;
  /** 0 disables the rule. */
  sameTendereeCooldownDays: number;
  exclusions: Exclusion[];
}

export interface ExcludedExpert {
  expertId: string;
  rule: string;
  reason: string;
}

export interface EligibilityResult {
  eligible: PoolExpert[];
  excluded: ExcludedExpert[];
}

export interface DrawSlot {
  /** Catalog code; experts whose code equals it or descends from it qualify. */
  specialty: string;
  count: number;
  /** How many of `count` must come from outside the local region (异地); the rest must be local. */
  remote: number;
}

export interface DrawRequest {
  sectionId: string;
  /** Leading digits of GB/T 2260 codes that count as local: '45' (province) or '4501' (city) or 6 digits. */
  localRegionPrefix: string;
  slots: DrawSlot[];
  evaluationDate: string;
  place: string;
  exclusions: Exclusion[];
}

export type Locality = 'local' | 'remote';

/** The part of an expert the draw depends on; the record keeps these so anyone can re-run it. */
export interface DrawCandidate {
  id: string;
  regionCode: string;
  specialties: string[];
}

export interface DrawnMember {
  expertId: string;
  /** Index into request.slots. */
  slot: number;
  locality: Locality;
}

export interface DrawStep {
  kind: 'initial' | 'redraw';
  /** Expert id of the member this step replaces (redraws only). */
  replaces?: string;
  /**
   * Snapshot of the eligible experts this step could draw from (those covering a seat it filled, drawn
   * earlier or not), so the step can be re-run without the database. Sorted by id.
   */
  eligible: DrawCandidate[];
  selected: DrawnMember[];
}

/** The whole verifiable history of one draw. Serialisable JSON; `secret` stays null until announced. */
export interface DrawRecord {
  version: 1;
  request: DrawRequest;
  requestDigest: string;
  commitment: string;
  /** Supervisor entropy as hex, '' when none was given. */
  entropy: string;
  secret: string | null;
  steps: DrawStep[];
}

export interface Shortfall {
  specialty: string;
  locality: Locality;
  needed: number;
  available: number;
}

export interface DrawVerdict {
  ok: boolean;
  problems: string[];
}
