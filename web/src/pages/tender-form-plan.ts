import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import {
  EVALUATION_METHODS,
  PLAN_CRITERION_GROUPS,
  PLAN_CRITERION_KINDS,
  PRICE_BASES,
  type EvaluationMethod,
  type EvaluationPlan,
  type EvaluationPlanInput,
  type PlanCriterionGroup,
  type PlanCriterionKind,
  type Violation,
} from '../tender-types.js';
import { CLIENT_CHECK } from '../tender-ui.js';
import { field } from '../ui.js';
import { input, select } from './form-controls.js';
import { rowsEditor, type RowValues } from './rows.js';

/**
 * Each section's evaluation plan (method, criteria table, price formula, committee), one panel per section
 * row, kept in step with the sections editor: when a section is added or removed the panels are rebuilt in
 * the sections' order from what was typed, so their controls stay named by the section's position
 * (`sections.1.evaluationPlan.committee.size`) and the server's findings land on them.
 */

/** What a panel holds, as typed (strings), so a rebuild keeps even what does not parse yet. */
interface PlanDraft {
  method: string;
  criteria: RowValues[];
  base: string;
  above: string;
  below: string;
  size: string;
  experts: string;
  representatives: string;
  gp: boolean;
  /** Not edited on the form; kept as loaded. */
  deviationPercent: number;
  abnormallyLowPercent: number;
  durationMinutes: number;
}

function defaultDraft(): PlanDraft {
  return {
    method: 'comprehensive',
    criteria: [
      { name: t('tenderForm.defaultQualification'), kind: 'pass-fail', group: 'qualification', points: '0' },
      { name: t('tenderForm.defaultTechnical'), kind: 'subjective', group: 'technical', points: '40' },
      { name: t('tenderForm.defaultPrice'), kind: 'objective', group: 'price', points: '60' },
    ],
    base: 'lowest-price',
    above: '',
    below: '',
    size: '5',
    experts: '5',
    representatives: '0',
    gp: false,
    deviationPercent: 20,
    abnormallyLowPercent: 20,
    durationMinutes: 240,
  };
}

function draftOf(plan: EvaluationPlan): PlanDraft {
  const f = plan.priceFormula;
  return {
    method: plan.method,
    criteria: plan.criteria.map((c) => ({
      name: c.name,
      kind: c.kind,
      group: c.group,
      points: String(c.points),
    })),
    base: f.base,
    above: f.base === 'benchmark-average' ? String(f.pointsPerPercentAbove) : '',
    below: f.base === 'benchmark-average' ? String(f.pointsPerPercentBelow) : '',
    size: String(plan.committee.size),
    experts: String(plan.committee.experts),
    representatives: String(plan.committee.representatives),
    gp: plan.governmentProcurement,
    deviationPercent: plan.deviationPercent,
    abnormallyLowPercent: plan.abnormallyLowPercent,
    durationMinutes: plan.durationMinutes,
  };
}

function planPanel(index: number, start: PlanDraft) {
  const at = `sections.${index}.evaluationPlan`;
  const named = (name: string, attrs: Record<string, string> = {}) =>
    input(`${at}.${name}`, { inputmode: 'numeric', ...attrs });
  const method = select(
    `${at}.method`,
    EVALUATION_METHODS.map((m) => [m, t(`evaluation.${m}`)]),
  );
  const base = select(
    `${at}.priceFormula.base`,
    PRICE_BASES.map((b) => [b, t(`priceBase.${b}`)]),
  );
  const above = named('priceFormula.pointsPerPercentAbove', { inputmode: 'decimal' });
  const below = named('priceFormula.pointsPerPercentBelow', { inputmode: 'decimal' });
  const size = named('committee.size');
  const experts = named('committee.experts');
  const representatives = named('committee.representatives');
  const gp = h('input', {
    type: 'checkbox',
    name: `${at}.governmentProcurement`,
    'data-testid': `tf-${at}.gp`,
  });
  const criteria = rowsEditor({
    prefix: `${at}.criteria`,
    addLabel: t('plan.addCriterion'),
    rowLabel: (i) => t('tenderForm.criterionN', { n: i + 1 }),
    min: 1,
    max: 50,
    columns: [
      { key: 'name', label: t('tender.criterion.name'), control: () => input(''), width: 'wide' },
      {
        key: 'kind',
        label: t('plan.kind'),
        control: () =>
          select(
            '',
            PLAN_CRITERION_KINDS.map((k) => [k, t(`planKind.${k}`)]),
          ),
      },
      {
        key: 'group',
        label: t('plan.group'),
        control: () =>
          select(
            '',
            PLAN_CRITERION_GROUPS.map((g) => [g, t(`criterion.${g}`)]),
          ),
      },
      {
        key: 'points',
        label: t('tenderForm.weight'),
        control: () => input('', { inputmode: 'decimal', placeholder: '0' }),
        width: 'narrow',
      },
    ],
  });
  const rates = [
    field(t('plan.rateAbove'), above, t('plan.rateHint')),
    field(t('plan.rateBelow'), below, t('plan.rateHint')),
  ];
  const showRates = () => {
    for (const r of rates) r.hidden = base.value !== 'benchmark-average';
  };
  base.addEventListener('change', showRates);

  method.value = start.method;
  base.value = start.base;
  above.value = start.above;
  below.value = start.below;
  size.value = start.size;
  experts.value = start.experts;
  representatives.value = start.representatives;
  gp.checked = start.gp;
  for (const row of start.criteria) criteria.add(row);
  showRates();

  const element = h(
    'fieldset',
    { class: 'plan', 'data-testid': 'section-plan' },
    h('legend', {}, t('plan.sectionN', { n: index + 1 })),
    h(
      'div',
      { class: 'form-grid' },
      field(t('tender.evaluationMethod'), method),
      field(t('plan.priceBase'), base),
      ...rates,
    ),
    h('p', { class: 'hint' }, t('plan.criteriaHint')),
    criteria.element,
    h(
      'div',
      { class: 'form-grid' },
      field(t('plan.committeeSize'), size, t('plan.committeeHint')),
      field(t('plan.experts'), experts, t('plan.expertsHint')),
      field(t('plan.representatives'), representatives, t('plan.representativesHint')),
      h('label', { class: 'check' }, gp, ' ', t('plan.gp')),
    ),
    h('small', { class: 'hint' }, t('plan.gpHint')),
  );

  function draft(): PlanDraft {
    return {
      method: method.value,
      criteria: criteria.values(),
      base: base.value,
      above: above.value.trim(),
      below: below.value.trim(),
      size: size.value.trim(),
      experts: experts.value.trim(),
      representatives: representatives.value.trim(),
      gp: gp.checked,
      deviationPercent: start.deviationPercent,
      abnormallyLowPercent: start.abnormallyLowPercent,
      durationMinutes: start.durationMinutes,
    };
  }
  return { element, draft };
}

type Panel = ReturnType<typeof planPanel>;

/** Points and rates: a number with at most two decimals. */
const DECIMAL = /^\d{1,3}(\.\d{1,2})?$/;

/** The plan to send, or the problems that stop it being sent (the rules are the server's to judge). */
function readPlan(d: PlanDraft, at: string, problems: Violation[]): EvaluationPlanInput {
  const problem = (field: string, message: string) =>
    problems.push({ code: CLIENT_CHECK, field: `${at}.${field}`, message });
  const decimal = (name: string, value: string) => {
    if (DECIMAL.test(value)) return Number(value);
    problem(name, t(value ? 'plan.decimal' : 'field.required'));
    return 0;
  };
  const integer = (name: string, value: string) => {
    if (/^\d{1,2}$/.test(value)) return Number(value);
    problem(name, t(value ? 'field.integer' : 'field.required'));
    return 0;
  };
  const criteria = d.criteria.map((row, j) => ({
    // Keys follow positions: a draft's criteria have no evaluation yet that could refer to them.
    key: `c${j + 1}`,
    name: String(row.name),
    kind: row.kind as PlanCriterionKind,
    group: row.group as PlanCriterionGroup,
    points: decimal(`criteria.${j}.points`, String(row.points || '0')),
  }));
  return {
    method: d.method as EvaluationMethod,
    criteria,
    priceFormula:
      d.base === 'benchmark-average'
        ? {
            base: 'benchmark-average',
            pointsPerPercentAbove: decimal('priceFormula.pointsPerPercentAbove', d.above),
            pointsPerPercentBelow: decimal('priceFormula.pointsPerPercentBelow', d.below),
          }
        : { base: 'lowest-price' },
    committee: {
      size: integer('committee.size', d.size),
      experts: integer('committee.experts', d.experts),
      representatives: integer('committee.representatives', d.representatives),
    },
    governmentProcurement: d.gp,
    deviationPercent: d.deviationPercent,
    abnormallyLowPercent: d.abnormallyLowPercent,
    durationMinutes: d.durationMinutes,
  };
}

export function planEditors() {
  const element = h('div', { class: 'plans', 'data-testid': 'section-plans' });
  let panels: { row: HTMLElement; panel: Panel }[] = [];

  /** Rebuilds the panels for the sections' rows, in order, each from what its section had. */
  function sync(rows: HTMLElement[]): void {
    const kept = new Map(panels.map(({ row, panel }) => [row, panel.draft()]));
    panels = rows.map((row, i) => ({ row, panel: planPanel(i, kept.get(row) ?? defaultDraft()) }));
    element.replaceChildren(...panels.map((p) => p.panel.element));
  }

  /** Puts a saved plan into section `index`'s panel. */
  function set(index: number, plan: EvaluationPlan): void {
    const entry = panels[index];
    if (!entry) return;
    entry.panel = planPanel(index, draftOf(plan));
    element.replaceChildren(...panels.map((p) => p.panel.element));
  }

  function values(problems: Violation[]): EvaluationPlanInput[] {
    return panels.map(({ panel }, i) => readPlan(panel.draft(), `sections.${i}.evaluationPlan`, problems));
  }
  return { element, sync, set, values };
}

export type PlanEditors = ReturnType<typeof planEditors>;
