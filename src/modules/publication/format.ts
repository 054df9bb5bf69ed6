import type { Category, EvaluationMethod, ProcurementMethod } from '../tenders/models.js';

/**
 * How notices write things for people in China: times in Beijing time (Asia/Shanghai, UTC+8 all year, no
 * daylight saving since 1991, so a fixed offset is exact), category and method names as the forms use them.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "2026年01月30日 10时00分" in Beijing time, from an ISO instant. */
export function chinaTime(iso: string): string {
  const local = new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString();
  const [y, mo, d, h, mi] = [
    local.slice(0, 4),
    local.slice(5, 7),
    local.slice(8, 10),
    local.slice(11, 13),
    local.slice(14, 16),
  ];
  return `${y}年${mo}月${d}日 ${h}时${mi}分`;
}

/** "2026年01月30日": the day of an instant in Beijing time. */
export const chinaDay = (iso: string) => chinaTime(iso).slice(0, 11);

export const CATEGORY_NAMES: Record<Category, string> = {
  A: '工程',
  B: '货物',
  C: '服务',
  D: '产权',
  E: '土地',
};

export const METHOD_NAMES: Record<ProcurementMethod, string> = {
  '1': '公开招标',
  '2': '邀请招标',
  '9': '其他方式',
};

export const EVALUATION_NAMES: Record<EvaluationMethod, string> = {
  'lowest-evaluated-price': '经评审的最低投标价法',
  comprehensive: '综合评估法',
};

/** Numbered lines: "1. …\n2. …". */
export const numbered = (lines: string[]) => lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
