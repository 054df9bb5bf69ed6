import type { Platform } from '../compose.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import type { DemoBidder } from './demo-bidders.js';
import { submitDemoBid } from './demo-bidders.js';
import { demoSchedule, publishDemoTender } from './demo-tender.js';
import { DAY, HOUR, MINUTE, type History } from './seed-clock.js';

/** How long after the real start the live tender's bids are opened. */
export const OPENING_SOON_MS = 3 * MINUTE;

/**
 * The tender a newcomer can watch open live: published 25 days back (the bid period of EB Art.24 holds), its
 * deadline three minutes after the start. At the deadline the opening job starts and the demo custodian
 * agents release their shares on their own.
 */
export async function publishOpeningSoon(
  platform: Platform,
  history: History,
  custodianIds: string[],
): Promise<TenderView> {
  const from = history.at(-25 * DAY);
  return publishDemoTender(platform, {
    projectName: '南宁市青秀区凤岭北路人行天桥工程',
    title: '凤岭北路人行天桥工程施工招标',
    description: '凤岭北路与民族大道交叉口人行天桥一座（钢箱梁，跨径42米）及两端梯道、无障碍电梯施工。',
    schedule: demoSchedule(from, history.when(OPENING_SOON_MS)),
    sections: [
      {
        name: '施工标段',
        maxPriceFen: 1_580_000_000,
        estimatedPriceFen: 1_500_000_000,
        depositFen: 20_000_000,
      },
    ],
    custodianIds,
  });
}

/** The four demo bidders' sealed bids, three hours apart on the day before the start. */
export async function bidOpeningSoon(
  platform: Platform,
  history: History,
  tender: TenderView,
  bidders: DemoBidder[],
): Promise<void> {
  const prices = [1_468_000_000, 1_452_300_000, 1_497_500_000, 1_439_800_000];
  for (const [i, bidder] of bidders.entries()) {
    history.at(-DAY + (3 + 3 * i) * HOUR);
    await submitDemoBid(platform, tender, bidder, {
      priceFen: prices[i]!,
      durationDays: 300 - i * 10,
      quality: '合格',
    });
  }
}
