import type { TenderView } from '../tenders/index.js';
import { chinaDay, chinaTime } from './format.js';
import type { NoticeText } from './tender-notice.js';

/**
 * 澄清公告 / 变更公告 for clarification number `number`: its text, and the bid deadline — moved out when the
 * clarification came less than 15 days before it (ZB Art.23, SS Art.21), which bidders must be told plainly.
 */
export function clarificationNotice(tender: TenderView, number: number): NoticeText {
  const c = tender.clarifications.find((x) => x.number === number);
  if (!c) throw new Error(`tender ${tender.id} has no clarification ${number}`);
  const what = c.kind === 'amendment' ? '变更' : '澄清';
  const moved = Date.parse(c.bidDeadline) !== Date.parse(c.previousBidDeadline);
  const deadline = moved
    ? `因本次${what}距投标截止时间不足15日，投标截止时间（即开标时间）由${chinaTime(c.previousBidDeadline)}` +
      `顺延至${chinaTime(c.bidDeadline)}（北京时间）。`
    : `投标截止时间（即开标时间）不变，仍为${chinaTime(c.bidDeadline)}（北京时间）。`;
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    '',
    `现对本项目招标文件作如下${what}（第${number}号），${what}内容为招标文件的组成部分：`,
    '',
    c.title,
    c.body,
    '',
    deadline,
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(c.publishedAt)}`,
  ].join('\n');
  return { title: `${tender.title}${what}公告（第${number}号）`, body };
}
