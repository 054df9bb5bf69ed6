import type { Platform } from '../compose.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import { submitDemoBid, type DemoBidder } from './demo-bidders.js';
import { drawCommittee, FIVE_EXPERTS, openInHistory, runCommittee } from './demo-committee.js';
import { demoSchedule, publishDemoTender } from './demo-tender.js';
import { DAY, HOUR, MINUTE, type History } from './seed-clock.js';

const TITLE = '邕宁区蒲庙镇新兴路市政道路工程施工招标';

/** Published 23 days back, its deadline the day before the start (a bid period of 22 days, EB Art.24). */
export async function publishInEvaluation(
  platform: Platform,
  history: History,
  custodianIds: string[],
): Promise<TenderView> {
  const from = history.at(-23 * DAY);
  return publishDemoTender(platform, {
    projectName: '南宁市邕宁区蒲庙镇新兴路市政道路工程',
    title: TITLE,
    description: '新兴路（长约1.2公里，宽24米）道路、雨污水管网、路灯及交通设施施工。',
    schedule: demoSchedule(from, history.when(-DAY)),
    sections: [
      {
        name: '施工标段',
        maxPriceFen: 1_260_000_000,
        estimatedPriceFen: 1_200_000_000,
        depositFen: 20_000_000,
      },
    ],
    custodianIds,
    committee: FIVE_EXPERTS,
  });
}

/** The four bids, a day apart (days -8 to -5). */
export async function bidInEvaluation(
  platform: Platform,
  history: History,
  tender: TenderView,
  bidders: DemoBidder[],
): Promise<void> {
  const prices = [1_186_000_000, 1_172_500_000, 1_195_800_000, 1_168_300_000];
  for (const [i, bidder] of bidders.entries()) {
    history.at(-(8 - i) * DAY + 3 * HOUR);
    await submitDemoBid(platform, tender, bidder, {
      priceFen: prices[i]!,
      durationDays: 240,
      quality: '合格',
    });
  }
}

/** Opened a minute after its deadline, the committee drawn and announced the same day. */
export async function openAndDrawInEvaluation(
  platform: Platform,
  history: History,
  tender: TenderView,
): Promise<string> {
  await openInHistory(platform, history, tender, -DAY + MINUTE);
  history.later(HOUR);
  return drawCommittee(platform, history, tender);
}

/**
 * The committee meets the morning of the start: declared, leader elected, every bid reviewed, and three of the
 * five members have scored when the seed ends. The leader moves on once the other two score.
 */
export async function evaluateInEvaluation(platform: Platform, history: History, evaluationId: string) {
  history.at(-4 * HOUR);
  await runCommittee(platform, history, evaluationId, { scoringMembers: 3, conclude: false });
}
