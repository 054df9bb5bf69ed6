import type { Criterion, EvaluationPlan, PriceFormula } from '../tenders/index.js';
import { EVALUATION_NAMES, numbered } from './format.js';

/** A section's evaluation plan in Chinese, as bidders read it in the notice and in OCDS awardCriteriaDetails. */

export const CRITERION_KIND_NAMES: Record<Criterion['kind'], string> = {
  'pass-fail': '通过/不通过',
  subjective: '主观评分',
  objective: '客观评分',
};

export const CRITERION_GROUP_NAMES: Record<Criterion['group'], string> = {
  qualification: '资格及符合性审查',
  technical: '技术',
  commercial: '商务',
  price: '价格',
};

const pointsText = (c: Criterion) => (c.kind === 'pass-fail' ? '不计分' : `${c.points}分`);

/** The criteria table, one line a criterion: name｜kind｜group｜points. */
export function criteriaLines(plan: EvaluationPlan): string {
  const head = '评审因素｜评审方式｜类别｜分值';
  const rows = plan.criteria.map(
    (c) => `${c.name}｜${CRITERION_KIND_NAMES[c.kind]}｜${CRITERION_GROUP_NAMES[c.group]}｜${pointsText(c)}`,
  );
  return `${head}\n${numbered(rows)}`;
}

/** The price formula in words, with its parameters (GP87 Art.55; the benchmark-average of the standard documents). */
export function priceFormulaText(formula: PriceFormula, fullPoints: number): string {
  if (formula.base === 'lowest-price') {
    return (
      '价格分采用低价优先法：以满足招标文件要求且投标价格最低的投标报价为评标基准价，' +
      `投标报价得分 =（评标基准价 ÷ 投标报价）× ${fullPoints}分，保留两位小数。`
    );
  }
  return (
    '价格分采用基准价法：以有效投标报价的算术平均值为评标基准价（有效投标报价多于3家时，去掉一个最高报价和一个最低报价后计算）；' +
    `投标报价偏差率 =（投标报价 − 评标基准价）÷ 评标基准价 × 100%；` +
    `投标报价每高于评标基准价1%扣${formula.pointsPerPercentAbove}分，每低于评标基准价1%扣${formula.pointsPerPercentBelow}分，` +
    `满分${fullPoints}分，扣完为止，保留两位小数。`
  );
}

/** How the result is reached under the plan's method (PB Art.29-37). */
function rankingText(plan: EvaluationPlan): string {
  if (plan.method === 'lowest-evaluated-price') {
    return '通过全部评审因素的投标，按经评审的投标价由低到高排序，推荐不超过3名中标候选人。';
  }
  const price = plan.criteria.find((c) => c.group === 'price');
  return (
    `${price ? priceFormulaText(plan.priceFormula, price.points) : ''}` +
    '各评委评分之和的算术平均值为投标人的得分，按得分由高到低排序，得分相同的按投标报价由低到高排序，' +
    '报价也相同的按技术得分由高到低排序，推荐不超过3名中标候选人。'
  );
}

function committeeText({ committee, governmentProcurement }: EvaluationPlan): string {
  const gp = governmentProcurement ? '本标段属政府采购项目。' : '';
  return (
    `${gp}评标委员会由${committee.size}人组成，其中技术、经济等方面的专家${committee.experts}人` +
    `（从评标专家库随机抽取），招标人代表${committee.representatives}人。`
  );
}

/** The whole plan of one section, several lines. */
export function evaluationPlanText(plan: EvaluationPlan): string {
  return [
    `评标办法：${EVALUATION_NAMES[plan.method]}`,
    criteriaLines(plan),
    rankingText(plan),
    committeeText(plan),
  ].join('\n');
}
