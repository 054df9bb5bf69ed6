import type { Transaction } from 'sequelize';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { CertificatesService } from '../certificates/index.js';
import type { AnnouncedCommittee, RecusalOptions } from '../experts/index.js';
import type { IdentityService } from '../identity/index.js';
import type { CommitteeCheck, EvaluationBid as OpenedBid } from '../opening/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** The tender (names, sections, maximum prices, who runs it) and each section's published plan. */
export type TendersPort = Pick<TendersService, 'find' | 'holds' | 'view' | 'evaluationPlan'>;

/** The platform CA: a certificate by serial (its owner), and its verification (chain, validity, revocation). */
export type CertificatesPort = Pick<CertificatesService, 'get' | 'verify'>;

/** Users added as the tenderee's representatives. */
export type IdentityPort = Pick<IdentityService, 'findUser'>;

/** The experts module's committee port (platform.experts.forEvaluation). */
export interface CommitteePort {
  committee(tenderId: string, sectionId: string, t?: Transaction): Promise<AnnouncedCommittee | null>;
  replaceForConflict(
    ctx: RequestContext,
    drawId: string,
    expertId: string,
    reason: string,
    t?: Transaction,
    opts?: RecusalOptions,
  ): Promise<void>;
}

/** The opening module: the section's opened bids, and the seam through which members read them. */
export interface OpeningPort {
  bidsForEvaluation(tenderId: string, sectionId: string, t?: Transaction): Promise<OpenedBid[]>;
  setCommitteeCheck(check: CommitteeCheck): void;
}

export type { OpenedBid };

/**
 * What the evaluation asks the credit module (listed after it, so src/modules/credit/index.ts fills this port
 * through `setCreditCheck`): a party's records of these kinds within the last `years`.
 */
export interface CreditCriterionPort {
  recordsWithin(
    partyId: string,
    kinds: readonly string[],
    years: number,
    t?: Transaction,
  ): Promise<{ recordId: string; kind: string; validFrom: string }[]>;
}
