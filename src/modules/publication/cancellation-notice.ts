import type { TenderView } from '../tenders/index.js';
import { chinaDay } from './format.js';
import type { NoticeText } from './tender-notice.js';

/**
 * 终止招标公告 with the tenderee's reason. SS Art.31: a tenderee that ends a tender announces it promptly and
 * refunds document fees and bid deposits with interest, which the notice says so bidders know to claim them.
 */
export function cancellationNotice(tender: TenderView): NoticeText {
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    '',
    `招标人${tender.tenderee.name}决定终止本项目招标活动。`,
    `终止原因：${tender.cancellationReason ?? '未说明'}`,
    '',
    '已提交投标保证金的投标人，招标人将依法退还投标保证金及银行同期存款利息（《招标投标法实施条例》第三十一条）。',
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(tender.cancelledAt ?? tender.dateModified)}`,
  ].join('\n');
  return { title: `${tender.title}终止公告`, body };
}
