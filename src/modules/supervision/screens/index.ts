import { lowestRejected } from './lowest-rejected.js';
import { nearBudget } from './near-budget.js';
import { priceClose } from './price-close.js';
import { priceSteps } from './price-steps.js';
import { sameDevice } from './same-device.js';
import { sameIp } from './same-ip.js';
import { shortPeriod } from './short-period.js';
import { singleBid } from './single-bid.js';
import { uploadCluster } from './upload-cluster.js';
import type { IndicatorId } from './finding.js';

/**
 * The supervision screens (red flags and collusion indicators, docs/domain.md §6), each under its id, its
 * file name (index.test.ts checks the folder against this list). The screener runs them as the events they
 * read arrive: the upload screens on every sealed file received, the price screens when a section's opening
 * record is published (before the committee sits), the schedule screen at publication and at the deadline.
 */
export const supervisionScreens = {
  'same-device': sameDevice,
  'same-ip': sameIp,
  'upload-cluster': uploadCluster,
  'price-steps': priceSteps,
  'price-close': priceClose,
  'near-budget': nearBudget,
  'single-bid': singleBid,
  'short-period': shortPeriod,
  'lowest-rejected': lowestRejected,
} as const satisfies Record<IndicatorId, unknown>;

/** The uploads screens: same facts, each with the settings. */
export const uploadScreens = [sameDevice, sameIp, uploadCluster] as const;
/** The screens of a section's opened prices. */
export const priceScreens = [priceSteps, priceClose, nearBudget] as const;

export type { BidCountFacts } from './single-bid.js';
export type { EvaluationOutcomeFacts } from './lowest-rejected.js';
export type { TenderPeriodFacts } from './short-period.js';
export { DEFAULT_SCREEN_SETTINGS, type ScreenSettings } from './settings.js';
export * from './finding.js';
export { lowestRejected, shortPeriod, singleBid };
