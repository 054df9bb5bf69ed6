import { fenToYuanGrouped } from '../../platform/money.js';
import type { TenderView } from '../tenders/index.js';
import { chinaDay, chinaTime } from './format.js';
import type { NoticeText } from './tender-notice.js';

/** What an opening record notice prints; the opening module's signed record has this shape and more. */
export interface OpeningRecordText {
  section: { id: string; code: string; name: string };
  openedAt: string;
  fields: { key: string; label: string; type: string }[];
  bids: {
    bidder: { name: string };
    outcome: 'opened' | 'revoked' | 'withdrawn';
    reason: string | null;
    values: Record<string, string | number>;
  }[];
}

const OUTCOME_NAMES = { opened: '已解密', revoked: '视为撤销投标文件', withdrawn: '视为撤回投标文件' };

const shown = (type: string, value: string | number | undefined) =>
  value === undefined ? '—' : type === 'money' ? `${fenToYuanGrouped(value as number)}元` : String(value);

/**
 * 开标记录 (EB Art.29-32): bidder names, prices and the read-out items of every bid, and each decryption
 * failure with its legal consequence (EB Art.31). Published once every bid of the section is settled.
 */
export function openingRecordNotice(tender: TenderView, record: OpeningRecordText, at: string): NoticeText {
  const lines = record.bids.map((b, i) => {
    const items = record.fields.map((f) => `${f.label}：${shown(f.type, b.values[f.key])}`);
    const outcome = OUTCOME_NAMES[b.outcome] + (b.reason ? `（${b.reason}）` : '');
    return `${i + 1}. ${b.bidder.name}：${b.outcome === 'opened' ? items.join('，') : outcome}`;
  });
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    `标段：${record.section.code} ${record.section.name}`,
    `开标时间：${chinaTime(record.openedAt)}（北京时间），网上开标`,
    `投标文件递交数量：${record.bids.length}`,
    '',
    '开标记录：',
    ...lines,
    '',
    '投标文件解密失败的，因投标人原因的视为撤销投标文件，因其他原因的视为撤回投标文件（《电子招标投标办法》第三十一条）。',
    '本记录经平台签名，可凭平台签名证书离线验证。',
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(at)}`,
  ].join('\n');
  return { title: `${tender.title}${record.section.name}开标记录`, body };
}

/** 流标公告: a section with fewer than three bids is not opened and fails (SS Art.44). */
export function failureNotice(
  tender: TenderView,
  section: { code: string; name: string; bidCount: number },
  at: string,
): NoticeText {
  const body = [
    `招标编号：${tender.code}`,
    `项目名称：${tender.projectName}`,
    `标段：${section.code} ${section.name}`,
    '',
    `截至投标截止时间（${chinaTime(tender.schedule.bidDeadline)}），本标段递交投标文件的投标人少于3个，` +
      '招标人不得开标，本标段招标失败（《招标投标法实施条例》第四十四条）。所有投标文件均未解密。',
    '招标人将依法重新招标。',
    '',
    `招标人：${tender.tenderee.name}`,
    ...(tender.agency ? [`招标代理机构：${tender.agency.name}`] : []),
    `发布日期：${chinaDay(at)}`,
  ].join('\n');
  return { title: `${tender.title}${section.name}流标公告`, body };
}
