import { fenToYuanGrouped } from '../../platform/money.js';
import type { TenderView } from '../tenders/index.js';
import { chinaDay, chinaTime } from './format.js';
import type { NoticeText } from './tender-notice.js';

/** What the 中标结果公告 prints: the award module composes it from the confirmed award. */
export interface AwardText {
  section: { code: string; name: string };
  winner: { name: string; priceFen: number; rank: number };
  /** Candidates ranked before the winner and why each was passed over (SS Art.55). */
  passedOver: { rank: number; bidderName: string; ground: string; reason: string }[];
  confirmedAt: string;
}

/**
 * 中标结果公告 (ZB Art.45, EB Art.41): the section's winner and its price in 元, and, when the first candidate
 * was not chosen, the ground and reason for each one passed over. Generated in the award's transaction.
 */
export function awardNotice(tender: TenderView, text: AwardText, at: string): NoticeText {
  const passed = text.passedOver.map(
    (p) => `排名第${p.rank}的中标候选人${p.bidderName}未被确定为中标人：${p.ground}。${p.reason}`,
  );
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    `标段：${text.section.code} ${text.section.name}`,
    '',
    `中标人：${text.winner.name}`,
    `中标价格：${fenToYuanGrouped(text.winner.priceFen)}元`,
    `中标候选人排名：第${text.winner.rank}名`,
    `定标时间：${chinaTime(text.confirmedAt)}（北京时间）`,
    ...(passed.length > 0 ? ['', '依法顺延确定中标人（《招标投标法实施条例》第五十五条）：', ...passed] : []),
    '',
    '招标人已向中标人发出中标通知书，并将中标结果通知所有未中标的投标人。',
    '招标人和中标人应当自中标通知书发出之日起30日内订立书面合同（《招标投标法》第四十六条）。',
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(at)}`,
  ].join('\n');
  return { title: `${tender.title}${text.section.name}中标结果公告`, body };
}
