import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { CATEGORIES, PROCUREMENT_METHODS } from '../tender-types.js';
import type { Role } from '../types.js';
import { field } from '../ui.js';
import { beijingInput, input, select } from './form-controls.js';
import { peopleFilter } from './people-picker.js';
import { planEditors } from './tender-form-plan.js';
import { tenderRows } from './tender-rows.js';

/** The tender draft form: controls named by their path in the request body, so problems land on them. */
export function tenderForm(role: Role) {
  const plans = planEditors();
  const { sections, fields, custodians } = tenderRows((rows) => plans.sync(rows));
  const party = partySelect(role);

  const form = h(
    'form',
    { class: 'tender-form', novalidate: true, 'data-testid': 'tender-form' },
    h(
      'fieldset',
      { class: 'form-grid' },
      h('legend', {}, t('tenderForm.basics')),
      field(
        t('tender.projectName'),
        input('projectName', { maxlength: 200 }),
        t('tenderForm.projectNameHint'),
      ),
      field(t('tender.title'), input('title', { maxlength: 200 }), t('tenderForm.titleHint')),
      field(
        t('tender.category'),
        select(
          'category',
          CATEGORIES.map((c) => [c, t(`category.${c}`)]),
        ),
      ),
      field(
        t('tender.procurementMethod'),
        select(
          'procurementMethod',
          PROCUREMENT_METHODS.map((m) => [m, t(`method.${m}`)]),
        ),
      ),
      field(
        t('tender.region'),
        input('regionCode', { inputmode: 'numeric', maxlength: 6, value: '450100' }),
        t('register.regionHint'),
      ),
      field(t('tender.bidValidityDays'), input('bidValidityDays', { inputmode: 'numeric', value: '90' })),
      party.field,
      h(
        'div',
        { class: 'span-all' },
        field(
          t('tender.description'),
          h('textarea', { name: 'description', rows: 4, maxlength: 20000, 'data-testid': 'tf-description' }),
        ),
      ),
    ),
    h(
      'fieldset',
      { class: 'form-grid' },
      h('legend', {}, t('tenderForm.schedule')),
      field(t('tender.documentsFrom'), beijingInput('schedule.documentsFrom'), t('tenderForm.beijingTime')),
      field(t('tender.documentsTo'), beijingInput('schedule.documentsTo'), t('tenderForm.documentsHint')),
      field(
        t('tender.clarificationDeadline'),
        beijingInput('schedule.clarificationDeadline'),
        t('tenderForm.clarificationHint'),
      ),
      field(t('tender.bidDeadline'), beijingInput('schedule.bidDeadline'), t('tenderForm.bidDeadlineHint')),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('tender.sections')),
      h('p', { class: 'hint' }, t('tenderForm.sectionsHint')),
      sections.element,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('tender.evaluation')),
      h('p', { class: 'hint' }, t('plan.hint')),
      plans.element,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('tender.bidForm')),
      h('p', { class: 'hint' }, t('tenderForm.priceFieldNote')),
      h('p', { class: 'hint', 'data-testid': 'field-key-hint' }, t('tenderForm.fieldKeyHint')),
      fields.element,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('tender.custodians')),
      h('p', { class: 'hint' }, t('tenderForm.custodiansHint')),
      peopleFilter('custodians', () => custodians.element, 'custodian-filter'),
      custodians.element,
      h(
        'div',
        { class: 'form-grid' },
        field(
          t('tenderForm.threshold'),
          input('custodians.threshold', { inputmode: 'numeric', value: '2' }),
          t('tenderForm.thresholdHint'),
        ),
      ),
    ),
  );
  return { form, sections, plans, fields, custodians, partyName: party.name };
}

export type TenderForm = ReturnType<typeof tenderForm>;

/**
 * An agency names the tenderee it acts for (required); a tenderee may appoint an agency. The choice is among
 * the verified parties of that kind, which the public party register lists.
 */
function partySelect(role: Role) {
  const agency = role === 'agency';
  const name = agency ? 'tendereePartyId' : 'agencyPartyId';
  const control = select(name, [], { empty: agency ? t('register.kindChoose') : t('tenderForm.noAgency') });
  api.listParties({ kind: agency ? 'tenderee' : 'agency', status: 'verified', limit: 200 }).then(
    (page) => {
      for (const p of page.items) addOption(control, p.id, p.name);
    },
    () => {}, // the select stays empty; saving tells what is missing
  );
  const label = agency ? t('tender.tenderee') : t('common.optional', { label: t('tender.agency') });
  return { name, field: field(label, control) };
}

/** Adds a choice unless it is there already (a saved tender's party is added before the list arrives). */
export function addOption(control: HTMLSelectElement, value: string, label: string): void {
  const exists = [...control.options].some((o) => o.value === value);
  if (!exists) control.append(h('option', { value }, label));
}
