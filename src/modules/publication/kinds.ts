/**
 * The notices (公告) a tender's life produces, in order. The first three are generated now; the later ones
 * arrive with the opening, evaluation and award issues, and are listed here so the feed's `kind` filter and the
 * stored values are stable from the start.
 */
export const NOTICE_KINDS = [
  'tender', // 招标公告 (ZB Art.16)
  'clarification', // 澄清公告 / 变更公告 (ZB Art.23, SS Art.21)
  'cancellation', // 终止招标公告 (SS Art.31)
  'opening-record', // 开标记录 (EB Art.32), one per section
  'failure', // 流标公告: a section with fewer than 3 bids (SS Art.44), one per section
  'candidates', // 中标候选人公示 (SS Art.54)
  'award', // 中标结果公告 (ZB Art.45)
  'contract', // 合同公告
  'suspension', // 暂停公告: a supervisory instruction suspends the tender (supervision/instructions)
  'resumption', // 恢复公告: the instruction that lifts it
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
