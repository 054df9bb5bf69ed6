import { fenToYuanGrouped } from '../../platform/money.js';
import type { TenderView } from '../tenders/index.js';
import { evaluationPlanText } from './evaluation-plan-text.js';
import { CATEGORY_NAMES, chinaDay, chinaTime, METHOD_NAMES, numbered } from './format.js';

export interface NoticeText {
  title: string;
  body: string;
}

/** Where the notice sends readers: the platform's name and the tender's public document list. */
export interface NoticeLinks {
  platformName: string;
  documentsUrl: string;
}

const party = (p: { name: string; uscc: string }) => `${p.name}（统一社会信用代码：${p.uscc}）`;

function sectionLines(tender: TenderView): string {
  return numbered(
    tender.sections.map((s) => {
      const maxPrice = s.maxPriceFen === null ? '见招标文件' : `${fenToYuanGrouped(s.maxPriceFen)}元`;
      const deposit = s.depositFen > 0 ? `；投标保证金：${fenToYuanGrouped(s.depositFen)}元` : '';
      return `${s.name}（标段编号：${s.code}）：最高投标限价 ${maxPrice}${deposit}`;
    }),
  );
}

/** Each section's evaluation method, criteria, price formula and committee: bidders must know them (ZB Art.19). */
function evaluationLines(tender: TenderView): string {
  return tender.sections
    .map((s) => `${s.name}（标段编号：${s.code}）\n${evaluationPlanText(s.evaluationPlan)}`)
    .join('\n\n');
}

function custodianLines(tender: TenderView): string {
  const { members, threshold } = tender.custodians;
  const list = numbered(
    members.map((m) => `${m.displayName}（证书序列号：${m.certificateSerial ?? '未登记'}）`),
  );
  return `投标文件的解密密钥由以下${members.length}位密钥保管人分持，开标时任意${threshold}位即可解密：\n${list}`;
}

/**
 * 招标公告: what ZB Art.16 and 《招标公告和公示信息发布管理办法》(发改委令第10号) Art.5 require a tender notice
 * to state — the tenderee and agency, the project and its sections, how and when to get the documents, the bid
 * deadline and how bids are submitted on this platform — all read from the tender itself.
 */
export function tenderNotice(tender: TenderView, links: NoticeLinks): NoticeText {
  const { schedule } = tender;
  const agency = tender.agency ? `，招标代理机构为${party(tender.agency)}` : '';
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}（项目编号：${tender.projectCode}）`,
    '',
    '一、招标条件',
    `本项目已具备招标条件，招标人为${party(tender.tenderee)}${agency}。` +
      `现采用${METHOD_NAMES[tender.procurementMethod]}方式进行${CATEGORY_NAMES[tender.category]}招标。`,
    '',
    '二、项目概况与招标范围',
    tender.description ?? '详见招标文件。',
    `项目所在地行政区划代码：${tender.regionCode}`,
    '',
    '三、标段划分与最高投标限价',
    sectionLines(tender),
    '',
    '四、评标办法',
    evaluationLines(tender),
    '',
    '五、时间安排（北京时间）',
    `招标文件获取时间：${chinaTime(schedule.documentsFrom)} 至 ${chinaTime(schedule.documentsTo)}`,
    `提出澄清要求的截止时间：${chinaTime(schedule.clarificationDeadline)}`,
    `投标截止时间（即开标时间）：${chinaTime(schedule.bidDeadline)}`,
    `投标有效期：${tender.bidValidityDays}日（评标办法见第四部分）`,
    '',
    '六、招标文件的获取',
    `潜在投标人请于上述时间内登录${links.platformName}，在本项目页面免费下载电子招标文件` +
      `（文件列表：${links.documentsUrl}）。`,
    '',
    '七、投标文件的递交与开标',
    '投标文件须由投标人在本平台客户端加密后于投标截止时间前上传，未加密的投标文件不予接收；' +
      '开标在本平台网上进行，投标人无需到场。',
    custodianLines(tender),
    '',
    '八、发布媒介',
    `本公告在${links.platformName}发布。`,
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(tender.publishedAt ?? tender.dateModified)}`,
  ].join('\n');
  // "…施工招标" + "招标公告" would read "…施工招标招标公告": a title that already says 招标 takes only 公告.
  const title = tender.title.endsWith('招标') ? `${tender.title}公告` : `${tender.title}招标公告`;
  return { title, body };
}
