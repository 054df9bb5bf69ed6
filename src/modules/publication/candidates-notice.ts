import { fenToYuanGrouped } from '../../platform/money.js';
import type { TenderView } from '../tenders/index.js';
import { chinaDay, chinaTime } from './format.js';
import type { NoticeText } from './tender-notice.js';

/** What the 中标候选人公示 prints: the award module composes it from the completed report and the publicity. */
export interface CandidatesText {
  section: { code: string; name: string };
  evaluationMethod: string;
  reportCompletedAt: string;
  startsAt: string;
  endsAt: string;
  /** In rank order; scores in hundredths of a point, null under the lowest evaluated price method. */
  candidates: {
    rank: number;
    bidderName: string;
    priceFen: number;
    score: number | null;
    technicalScore: number | null;
    priceScore: number | null;
  }[];
  /** Where a bidder raises an objection (the tender's page on the platform). */
  objectionsUrl: string;
  platformName: string;
}

const points = (hundredths: number | null) => (hundredths === null ? '—' : (hundredths / 100).toFixed(2));
const RANK_NAMES = ['第一', '第二', '第三'];

/**
 * 中标候选人公示 (SS Art.54): the candidates of one section in rank order, their bid prices in 元 and their
 * scores, the publicity period, and where and until when to object. Generated from the completed evaluation
 * report, in the transaction that publishes it.
 */
export function candidatesNotice(tender: TenderView, text: CandidatesText, at: string): NoticeText {
  const lines = text.candidates.map((c) => {
    const scores =
      c.score === null
        ? ''
        : `，综合得分：${points(c.score)}分（技术${points(c.technicalScore)}分，价格${points(c.priceScore)}分）`;
    return `${RANK_NAMES[c.rank - 1] ?? `第${c.rank}`}中标候选人：${c.bidderName}，投标报价：${fenToYuanGrouped(c.priceFen)}元${scores}`;
  });
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    `标段：${text.section.code} ${text.section.name}`,
    `评标办法：${text.evaluationMethod}`,
    `评标报告完成时间：${chinaTime(text.reportCompletedAt)}（北京时间）`,
    '',
    '一、中标候选人（按排名顺序）',
    ...lines,
    '',
    '二、公示期',
    `${chinaTime(text.startsAt)}至${chinaTime(text.endsAt)}（北京时间）。`,
    '',
    '三、异议',
    '投标人或者其他利害关系人对评标结果有异议的，应当在公示期间通过' +
      `${text.platformName}向招标人提出（${text.objectionsUrl}）。招标人自收到异议之日起3日内作出答复；` +
      '作出答复前，暂停招标投标活动中的定标（《招标投标法实施条例》第五十四条）。',
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(at)}`,
  ].join('\n');
  return { title: `${tender.title}${text.section.name}中标候选人公示`, body };
}
