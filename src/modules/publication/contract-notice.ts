import { fenToYuanGrouped } from '../../platform/money.js';
import type { TenderView } from '../tenders/index.js';
import { chinaDay, chinaTime } from './format.js';
import type { NoticeText } from './tender-notice.js';

/** What the 合同公告 prints: the contract module composes it from the recorded contract. */
export interface ContractText {
  section: { code: string; name: string };
  supplierName: string;
  priceFen: number;
  subject: string;
  /** The Beijing date performance starts and when it is due. */
  startsOn: string;
  dueAt: string;
  quality: string;
  paymentMethod: string;
  signedAt: string;
  /** Signed after the 30 days of ZB Art.46. */
  late: boolean;
}

/**
 * 合同公告 (ZB Art.46, SS Art.57; GP Art.43 publishes government procurement contracts): the section's
 * contract with its supplier, price in 元, subject, period, quality and payment terms. Generated in the
 * contract's transaction.
 */
export function contractNotice(tender: TenderView, text: ContractText, at: string): NoticeText {
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    `标段：${text.section.code} ${text.section.name}`,
    '',
    `中标人（供应商）：${text.supplierName}`,
    `合同金额：${fenToYuanGrouped(text.priceFen)}元`,
    `合同标的：${text.subject}`,
    `履行期限：${text.startsOn} 至 ${chinaDay(text.dueAt)}`,
    `质量要求：${text.quality}`,
    `付款方式：${text.paymentMethod}`,
    `合同签订时间：${chinaTime(text.signedAt)}（北京时间）`,
    ...(text.late ? ['', '本合同签订已超过中标通知书发出之日起30日（《招标投标法》第四十六条）。'] : []),
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(at)}`,
  ].join('\n');
  return { title: `${tender.title}${text.section.name}合同公告`, body };
}
