import { custodiansValid } from './custodians.js';
import { depositCap } from './deposit-cap.js';
import { documentsAvailability } from './documents-availability.js';
import { maxPricePresent } from './max-price.js';
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
];

export function checkTender(facts: TenderFacts, now: Date): Violation[] {
  return publicationRules.flatMap((rule) => rule(facts, now));
}

export type { TenderFacts, Violation } from './rule.js';
