import { cancellationReason } from './cancellation-reason.js';
import { candidateObjectionWindow } from './candidate-objection.js';
import { deadlineAfterClarification } from './clarification-deadline.js';
import { committeeExperts } from './committee-experts.js';
import { committeeRepresentatives } from './committee-representatives.js';
import { committeeSize } from './committee-size.js';
import { custodiansValid } from './custodians.js';
import { depositCap } from './deposit-cap.js';
import { documentsAvailability } from './documents-availability.js';
import { evaluationCriteria } from './evaluation-criteria.js';
import { gpCommitteeSize } from './gp-committee-size.js';
import { maxPricePresent } from './max-price.js';
import { objectionWindow } from './objection-window.js';
import { publicityPeriod } from './publicity-period.js';
import { publicityStart } from './publicity-start.js';
import type { TenderFacts, TenderRule, Violation } from './rule.js';
import { scheduleOrder } from './schedule-order.js';
import { tenderPeriod } from './tender-period.js';

/** The rules a tender must pass to be published, and again after every change. */
export const publicationRules: TenderRule[] = [
  scheduleOrder,
  tenderPeriod,
  documentsAvailability,
  maxPricePresent,
  depositCap,
  custodiansValid,
  committeeSize,
  committeeExperts,
  committeeRepresentatives,
  gpCommitteeSize,
  evaluationCriteria,
];

/**
 * Every rule in this folder under its id, the file name (index.test.ts checks the folder against this): the
 * publication rules, then those checked at one step of the lifecycle.
 */
export const tenderRules = {
  'schedule-order': scheduleOrder,
  'tender-period': tenderPeriod,
  'documents-availability': documentsAvailability,
  'max-price': maxPricePresent,
  'deposit-cap': depositCap,
  custodians: custodiansValid,
  'committee-size': committeeSize,
  'committee-experts': committeeExperts,
  'committee-representatives': committeeRepresentatives,
  'gp-committee-size': gpCommitteeSize,
  'evaluation-criteria': evaluationCriteria,
  'cancellation-reason': cancellationReason,
  'clarification-deadline': deadlineAfterClarification,
  'objection-window': objectionWindow,
  'publicity-start': publicityStart,
  'publicity-period': publicityPeriod,
  'candidate-objection': candidateObjectionWindow,
} as const;

export function checkTender(facts: TenderFacts, now: Date): Violation[] {
  return publicationRules.flatMap((rule) => rule(facts, now));
}

export type { TenderFacts, Violation } from './rule.js';
