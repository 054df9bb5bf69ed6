import { deemedCollusion } from './deemed-collusion.js';
import { expertDeviation } from './expert-deviation.js';
import { lowestRejected } from './lowest-rejected.js';
import { nearBudget } from './near-budget.js';
import { priceClose } from './price-close.js';
import { priceSteps } from './price-steps.js';
import { sameDevice } from './same-device.js';
import { sameFile } from './same-file.js';
import { sameIp } from './same-ip.js';
import { shortPeriod } from './short-period.js';
import { singleBid } from './single-bid.js';
import { uploadCluster } from './upload-cluster.js';
import { winRate } from './win-rate.js';
import type { IndicatorId } from './finding.js';

/**
 * The supervision screens (red flags and collusion indicators, docs/domain.md §6), each under its id, its
 * file name (index.test.ts checks the folder against this list). The screener runs them as the events they
 * read arrive: the upload screens on every sealed file received; at the deadline the download addresses and
 * the deposits' accounts; when a section's opening record is published (before the committee sits) the price
 * screens, the attachments and the people the bid forms name; the bidders' decryption addresses as the
 * opening goes; the schedule screen at publication and at the deadline; the committee's totals and the
 * bidders' win rates when an evaluation concludes.
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
  'same-file': sameFile,
  'deemed-collusion': deemedCollusion,
  'expert-deviation': expertDeviation,
  'win-rate': winRate,
} as const satisfies Record<IndicatorId, unknown>;

/** The uploads screens: same facts, each with the settings. */
export const uploadScreens = [sameDevice, sameIp, uploadCluster] as const;
/** The screens of a section's opened prices. */
export const priceScreens = [priceSteps, priceClose, nearBudget] as const;

export type { BidCountFacts } from './single-bid.js';
export type { EvaluationOutcomeFacts } from './lowest-rejected.js';
export type { TenderPeriodFacts } from './short-period.js';
export type { AddressFacts, AddressUse } from './same-ip.js';
export type { BidFile, FileMetadata, OpenedBidFiles, SectionFilesFacts } from './same-file.js';
export type { DeemedCollusionFacts, DepositUse, NamedPerson, PersonRole } from './deemed-collusion.js';
export type { CommitteeScoresFacts, MemberTotal, ScoredBid } from './expert-deviation.js';
export type { BidderRecord, WinRateFacts } from './win-rate.js';
export { personRoleOf } from './deemed-collusion.js';
export { DEFAULT_SCREEN_SETTINGS, type ScreenSettings } from './settings.js';
export * from './finding.js';
export {
  deemedCollusion,
  expertDeviation,
  lowestRejected,
  sameFile,
  sameIp,
  shortPeriod,
  singleBid,
  winRate,
};
