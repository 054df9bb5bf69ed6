import type { Platform } from '../compose.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import { submitDemoBids, type DemoBidder } from './demo-bidders.js';
import { publishPublicity } from './demo-award.js';
import { drawCommittee, FIVE_EXPERTS, openInHistory, runCommittee, signReport } from './demo-committee.js';
import { demoSchedule, publishDemoTender } from './demo-tender.js';
import { DAY, HOUR, MINUTE, type History } from './seed-clock.js';

/**
 * A tender in candidate publicity: published on day -26, bids until day -4 (22 days), evaluated and its report
 * signed on day -3, its candidates published on day -2 for five days (still running at the start).
 */
export async function publishInPublicity(platform: Platform, history: History, custodianIds: string[]) {
  const from = history.at(-26 * DAY);
  return publishDemoTender(platform, {
    projectName: '南宁市西乡塘区大学东路绿化提升工程',
    title: '西乡塘区大学东路绿化提升工程施工招标',
    description: '大学东路（长约3.1公里）中央分隔带及两侧绿化带提升、人行道透水铺装和景观照明施工。',
    schedule: demoSchedule(from, history.when(-4 * DAY)),
    sections: [
      { name: '施工标段', maxPriceFen: 540_000_000, estimatedPriceFen: 515_000_000, depositFen: 10_000_000 },
    ],
    custodianIds,
    committee: FIVE_EXPERTS,
  });
}

/** The bids, a day apart (days -12 to -9). */
export async function bidInPublicity(
  platform: Platform,
  history: History,
  tender: TenderView,
  bidders: DemoBidder[],
) {
  await submitDemoBids(platform, history, tender, bidders, {
    prices: [508_800_000, 512_300_000, 497_600_000, 503_100_000],
    durationDays: 150,
    firstMs: -12 * DAY + 3 * HOUR,
    everyMs: DAY,
  });
}

/** Opened on day -4, evaluated and signed on day -3, candidates published on day -2. */
export async function evaluateAndPublicize(platform: Platform, history: History, tender: TenderView) {
  await openInHistory(platform, history, tender, -4 * DAY + MINUTE);
  history.later(HOUR);
  const evaluationId = await drawCommittee(platform, history, tender);
  history.at(-3 * DAY + 1 * HOUR);
  await runCommittee(platform, history, evaluationId, {
    scoringMembers: FIVE_EXPERTS.experts,
    conclude: true,
  });
  await signReport(platform, history, evaluationId);
  history.at(-2 * DAY + 2 * HOUR);
  await publishPublicity(platform, tender);
}
