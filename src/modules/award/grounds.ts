/**
 * Why a candidate ranked higher is passed over (SS Art.55): the first candidate gives up the award, cannot
 * perform because of force majeure, does not furnish the performance security the documents require, is found
 * in a violation that affects the result, or otherwise no longer meets a condition of the tender. The tenderee
 * may then take the next candidate in rank order; each ground comes with a written reason.
 */
export const PASS_OVER_GROUNDS = {
  declined: '放弃中标',
  'force-majeure': '因不可抗力不能履行合同',
  'no-performance-security': '不按照招标文件要求提交履约保证金',
  violation: '被查实存在影响中标结果的违法行为',
  'fails-condition': '不符合中标条件',
} as const;

export type PassOverGround = keyof typeof PASS_OVER_GROUNDS;
export const PASS_OVER_GROUND_KEYS = Object.keys(PASS_OVER_GROUNDS) as [PassOverGround, ...PassOverGround[]];

/** A written reason is at least this long (a few characters of Chinese say why). */
export const REASON_MIN_CHARS = 5;
