import type { Platform } from '../compose.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import { submitDemoBids, type DemoBidder } from './demo-bidders.js';
import {
  confirmAward,
  publishPublicity,
  recordMilestone,
  recordPayment,
  returnDeposits,
  signContract,
} from './demo-award.js';
import { drawCommittee, FIVE_EXPERTS, openInHistory, runCommittee, signReport } from './demo-committee.js';
import { demoSchedule, publishDemoTender } from './demo-tender.js';
import { DAY, HOUR, MINUTE, type History } from './seed-clock.js';

/**
 * The whole life, ten weeks back: published on day -70, bids until day -48 (22 days, EB Art.24), opened,
 * evaluated and its report signed on day -47, candidates published days -46 to -41 (SS Art.54), awarded on
 * day -40, the contract signed on day -35 (within 30 days, ZB Art.46), deposits returned on day -33 (within 5
 * days of signing); then performance: a milestone on day -20, a payment on day -15.
 */
export async function publishAwarded(platform: Platform, history: History, custodianIds: string[]) {
  const from = history.at(-70 * DAY);
  return publishDemoTender(platform, {
    projectName: '南宁市良庆区那马路排水管网改造工程',
    title: '良庆区那马路排水管网改造工程施工招标',
    description: '那马路（长约1.8公里）雨污分流改造：新建污水管DN400-DN600、雨水管DN800-DN1200及检查井。',
    schedule: demoSchedule(from, history.when(-48 * DAY)),
    sections: [
      { name: '施工标段', maxPriceFen: 860_000_000, estimatedPriceFen: 820_000_000, depositFen: 15_000_000 },
    ],
    custodianIds,
    committee: FIVE_EXPERTS,
  });
}

/** From the bids to the deposits returned (days -52 to -33). */
export async function awardAndContract(
  platform: Platform,
  history: History,
  tender: TenderView,
  bidders: DemoBidder[],
): Promise<void> {
  await submitDemoBids(platform, history, tender, bidders, {
    prices: [812_600_000, 798_400_000, 825_000_000, 806_900_000],
    durationDays: 200,
    firstMs: -52 * DAY + 3 * HOUR,
    everyMs: DAY,
  });
  await openInHistory(platform, history, tender, -48 * DAY + MINUTE);
  history.later(HOUR);
  const evaluationId = await drawCommittee(platform, history, tender);
  history.at(-47 * DAY + 1 * HOUR);
  await runCommittee(platform, history, evaluationId, {
    scoringMembers: FIVE_EXPERTS.experts,
    conclude: true,
  });
  await signReport(platform, history, evaluationId);
  history.at(-46 * DAY + 2 * HOUR);
  await publishPublicity(platform, tender);
  history.at(-40 * DAY + 2 * HOUR);
  await confirmAward(platform, tender);
  history.at(-35 * DAY + 2 * HOUR);
  await signContract(platform, tender, 200);
  history.at(-33 * DAY + 2 * HOUR);
  await returnDeposits(platform, tender);
}

/** Performance records after the contract (days -20 and -15). */
export async function performAwarded(
  platform: Platform,
  history: History,
  tender: TenderView,
): Promise<void> {
  history.at(-20 * DAY + 2 * HOUR);
  await recordMilestone(platform, tender, '施工进场，完成临时设施搭建及交通导改');
  history.at(-15 * DAY + 2 * HOUR);
  await recordPayment(platform, tender, 0.1, '预付款（合同价10%）');
}
