import type { Category, EvaluationMethod, ProcurementMethod } from '../tenders/index.js';

/** How notices name categories and methods for people in China, as the forms use them. */

export { chinaDay, chinaTime } from '../../platform/china/beijing-time.js';

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
