import type { Platform } from '../compose.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import { seedContext } from './context.js';
import { DAY } from './seed-clock.js';

/** How long the seeded candidate publicities run: more than the 3 days of SS Art.54. */
export const PUBLICITY_DAYS = 5;

const agencyCtx = async (platform: Platform) =>
  seedContext((await platform.models.User.findOne({ where: { username: 'agency' } }))!, platform.clock);

/** The agency publishes the section's candidates from now for PUBLICITY_DAYS (中标候选人公示). */
export async function publishPublicity(platform: Platform, tender: TenderView): Promise<void> {
  const now = platform.clock.now();
  await platform.award.publishCandidates(await agencyCtx(platform), tender.id, tender.sections[0]!.id, {
    endsAt: new Date(now.getTime() + PUBLICITY_DAYS * DAY),
  });
}

/** After the publicity, the first candidate is confirmed (定标): the 中标通知书 and the 中标结果公告. */
export async function confirmAward(platform: Platform, tender: TenderView): Promise<void> {
  await platform.award.confirm(await agencyCtx(platform), tender.id, tender.sections[0]!.id, {
    candidateRank: 1,
    passedOver: [],
  });
}

/** Beijing's calendar date of an instant, as the contract's start date is given. */
const beijingDate = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The tenderee's agency records the contract with the winner at the awarded price (ZB Art.46), performance
 * starting the next day for `durationDays`.
 */
export async function signContract(
  platform: Platform,
  tender: TenderView,
  durationDays: number,
): Promise<void> {
  const section = tender.sections[0]!;
  const award = (await platform.award.awardFor(section.id))!;
  const now = platform.clock.now();
  await platform.contract.sign(await agencyCtx(platform), tender.id, section.id, {
    supplierPartyId: award.bidderPartyId,
    priceFen: award.priceFen,
    subject: tender.projectName + '施工',
    quality: '合格，符合国家现行施工验收规范',
    paymentMethod: '预付款10%，按月进度付至80%，验收合格后付至97%，余款为质量保证金',
    startsOn: beijingDate(new Date(now.getTime() + DAY)),
    dueAt: new Date(now.getTime() + (durationDays + 1) * DAY),
  });
}

/** Every bidder's deposit returned (all of them, the winner's too, within the 5 days of ZB Art.46 / SS Art.57). */
export async function returnDeposits(platform: Platform, tender: TenderView): Promise<void> {
  const section = tender.sections[0]!;
  const ctx = await agencyCtx(platform);
  const bids = await platform.models.Bid.findAll({ where: { tenderId: tender.id, sectionId: section.id } });
  for (const bid of bids) {
    await platform.contract.recordDepositReturn(ctx, tender.id, section.id, {
      bidderPartyId: bid.bidderPartyId,
      amountFen: section.depositFen,
    });
  }
}

/** A performance record of the contract: a milestone reached (planned a day earlier), or a payment. */
export async function recordMilestone(platform: Platform, tender: TenderView, description: string) {
  const now = platform.clock.now();
  await platform.contract.recordMilestone(await agencyCtx(platform), tender.id, tender.sections[0]!.id, {
    description,
    plannedAt: new Date(now.getTime() - DAY),
    actualAt: now,
  });
}

export async function recordPayment(
  platform: Platform,
  tender: TenderView,
  share: number,
  description: string,
) {
  const award = (await platform.award.awardFor(tender.sections[0]!.id))!;
  await platform.contract.recordPayment(await agencyCtx(platform), tender.id, tender.sections[0]!.id, {
    amountFen: Math.round(award.priceFen * share),
    description,
  });
}
