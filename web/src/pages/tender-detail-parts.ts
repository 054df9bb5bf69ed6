import { h, type Child } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t, type MessageKey } from '../i18n/index.js';
import { formatYuan } from '../money.js';
import { regionName } from '../regions.js';
import type { EvaluationPlan, TenderView } from '../tender-types.js';

/** The blocks of the tender detail page, one card each. */

export function card(title: MessageKey, testId: string, ...body: Child[]): HTMLElement {
  return h('section', { class: 'card', 'data-testid': testId }, h('h2', {}, t(title)), ...body);
}

function details(rows: [MessageKey, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'details' },
    rows
      .filter(([, value]) => value !== null && value !== '')
      .flatMap(([label, value]) => [h('dt', {}, t(label)), h('dd', {}, value)]),
  );
}

export function table(
  testId: string,
  columns: MessageKey[],
  rows: Child[][],
  numeric: number[] = [],
): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': testId },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, t(c))),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((c, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, c)),
          ),
        ),
      ),
    ),
  );
}

const party = (p: { name: string; uscc: string }) =>
  h('span', {}, p.name, ' ', h('small', { class: 'mono muted' }, p.uscc));

export function overviewCard(tender: TenderView): HTMLElement {
  return card(
    'tender.overview',
    'tender-overview',
    details([
      ['tender.projectName', tender.projectName],
      ['tender.projectCode', h('span', { class: 'mono' }, tender.projectCode)],
      ['tender.code', h('span', { class: 'mono' }, tender.code)],
      ['tender.tenderee', party(tender.tenderee)],
      ['tender.agency', tender.agency ? party(tender.agency) : null],
      ['tender.region', `${regionName(tender.regionCode)}`],
      ['tender.category', t(`category.${tender.category}`)],
      ['tender.procurementMethod', t(`method.${tender.procurementMethod}`)],
      ['tender.bidValidityDays', t('tender.days', { n: tender.bidValidityDays })],
    ]),
    tender.description
      ? h('p', { class: 'prose', 'data-testid': 'tender-description' }, tender.description)
      : null,
  );
}

export function scheduleCard(tender: TenderView): HTMLElement {
  const s = tender.schedule;
  return card(
    'tender.schedule',
    'tender-schedule',
    details([
      ['tender.documentsFrom', formatDateTime(s.documentsFrom)],
      ['tender.documentsTo', formatDateTime(s.documentsTo)],
      ['tender.clarificationDeadline', formatDateTime(s.clarificationDeadline)],
      ['tender.bidDeadline', h('strong', { 'data-testid': 'bid-deadline' }, formatDateTime(s.bidDeadline))],
    ]),
    h('p', { class: 'hint' }, t('tender.beijingNote')),
  );
}

export function sectionsCard(tender: TenderView): HTMLElement {
  return h(
    'div',
    { class: 'span-all' },
    card(
      'tender.sections',
      'tender-sections',
      table(
        'sections-table',
        [
          'tender.section.code',
          'tender.section.name',
          'tender.section.maxPrice',
          'tender.section.estimate',
          'tender.section.deposit',
        ],
        tender.sections.map((s) => [
          h('span', { class: 'mono' }, s.code),
          s.name,
          h('span', { 'data-testid': 'max-price' }, formatYuan(s.maxPriceFen)),
          formatYuan(s.estimatedPriceFen),
          formatYuan(s.depositFen),
        ]),
        [2, 3, 4],
      ),
    ),
  );
}

/** Each section's evaluation plan, by name: method, criteria table, price formula, committee. */
export function evaluationCard(tender: TenderView): HTMLElement {
  return card(
    'tender.evaluation',
    'tender-evaluation',
    ...tender.sections.map((s, i) => planBlock(s.name, s.evaluationPlan, i)),
  );
}

function planBlock(section: string, plan: EvaluationPlan, index: number): HTMLElement {
  const price = plan.criteria.find((c) => c.group === 'price');
  const points = price?.points ?? 0;
  const f = plan.priceFormula;
  const formula =
    plan.method === 'lowest-evaluated-price'
      ? t('plan.rankLowest')
      : f.base === 'benchmark-average'
        ? t('plan.formula.benchmark-average', {
            points,
            above: f.pointsPerPercentAbove,
            below: f.pointsPerPercentBelow,
          })
        : t('plan.formula.lowest-price', { points });
  const { size, experts, representatives } = plan.committee;
  return h(
    'div',
    { class: 'plan-view', 'data-testid': 'section-plan-view', 'data-method': plan.method },
    h('h3', {}, section, ' · ', t(`evaluation.${plan.method}`)),
    table(
      `criteria-table-${index}`,
      ['tender.criterion.name', 'plan.kind', 'plan.group', 'tender.criterion.weight'],
      plan.criteria.map((c) => [
        c.name,
        t(`planKind.${c.kind}`),
        t(`criterion.${c.group}`),
        c.kind === 'pass-fail' ? t('plan.noPoints') : String(c.points),
      ]),
      [3],
    ),
    h('p', { 'data-testid': 'plan-formula' }, formula),
    h(
      'p',
      { 'data-testid': 'plan-committee' },
      t('plan.committeeLine', { size, experts, representatives }),
      plan.governmentProcurement ? ` · ${t('plan.gpYes')}` : '',
    ),
  );
}

export function bidFormCard(tender: TenderView): HTMLElement {
  const yes = (b: boolean) => (b ? '✓' : '—');
  return card(
    'tender.bidForm',
    'tender-bid-form',
    table(
      'bid-form-table',
      ['tender.field.label', 'tender.field.type', 'tender.field.required', 'tender.field.readOut'],
      tender.bidFormFields.map((f) => [f.label, t(`fieldType.${f.type}`), yes(f.required), yes(f.readOut)]),
    ),
  );
}
