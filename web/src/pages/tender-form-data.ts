import { fieldValue } from '../dom.js';
import { fromBeijingInput, toBeijingInput } from '../format.js';
import { t } from '../i18n/index.js';
import { fenToInput, parseYuan } from '../money.js';
import { keepChoice } from './people-picker.js';
import type {
  BidFormField,
  Category,
  EvaluationMethod,
  FieldType,
  ProcurementMethod,
  Schedule,
  TenderInput,
  TenderView,
  Violation,
} from '../tender-types.js';
import { CLIENT_CHECK } from '../tender-ui.js';
import { addOption, type TenderForm } from './tender-form.js';

const SCHEDULE_KEYS = ['documentsFrom', 'documentsTo', 'clarificationDeadline', 'bidDeadline'] as const;

/**
 * The request body from the form, or the problems that stop it being sent: amounts that are not 元 with at
 * most two decimals, missing or malformed times and numbers. Everything else is the server's to judge.
 */
export function readTender(f: TenderForm): { input: TenderInput; problems: Violation[] } {
  const problems: Violation[] = [];
  const problem = (field: string, message: string) => problems.push({ code: CLIENT_CHECK, field, message });
  const text = (name: string) => fieldValue(f.form, name);
  const integer = (name: string, value = text(name)) => {
    if (/^\d{1,9}$/.test(value)) return Number(value);
    problem(name, t(value ? 'field.integer' : 'field.required'));
    return 0;
  };
  const fen = (name: string, value: string, required: boolean) => {
    const parsed = parseYuan(value);
    if (!parsed.ok) problem(name, t('money.invalid'));
    else if (parsed.fen === null && required) problem(name, t('field.required'));
    return parsed.ok ? parsed.fen : null;
  };

  const schedule = {} as Schedule;
  for (const key of SCHEDULE_KEYS) {
    const name = `schedule.${key}`;
    const iso = fromBeijingInput(text(name));
    if (!iso) problem(name, t('field.required'));
    schedule[key] = iso ?? '';
  }
  const plans = f.plans.values(problems);
  const sections = f.sections.values().map((row, i) => ({
    name: String(row.name),
    maxPriceFen: fen(`sections.${i}.maxPriceFen`, String(row.maxPriceFen), false),
    estimatedPriceFen: fen(`sections.${i}.estimatedPriceFen`, String(row.estimatedPriceFen), true) ?? 0,
    depositFen: fen(`sections.${i}.depositFen`, String(row.depositFen), false) ?? 0,
    evaluationPlan: plans[i],
  }));
  // The tender-level method and criteria the API still takes: the first section's, in their older form.
  const first = plans[0];
  const evaluationMethod: EvaluationMethod = first?.method ?? 'comprehensive';
  const evaluationCriteria = (first?.criteria ?? []).map((c) => ({
    name: c.name || '—',
    kind: c.group,
    ...(c.kind !== 'pass-fail' && { weight: c.points }),
  }));
  const bidFormFields: BidFormField[] = f.fields.values().map((row) => ({
    key: String(row.key),
    label: String(row.label),
    type: row.type as FieldType,
    required: row.required === true,
    readOut: row.readOut === true,
  }));
  const party = text(f.partyName);
  const input: TenderInput = {
    projectName: text('projectName'),
    title: text('title'),
    description: text('description') || undefined,
    category: text('category') as Category,
    procurementMethod: text('procurementMethod') as ProcurementMethod,
    ...(f.partyName === 'tendereePartyId'
      ? { tendereePartyId: party || undefined }
      : { agencyPartyId: party || null }),
    regionCode: text('regionCode'),
    bidValidityDays: integer('bidValidityDays'),
    evaluationMethod,
    evaluationCriteria,
    bidFormFields,
    schedule,
    sections,
    custodians: {
      userIds: f.custodians
        .values()
        .map((row) => String(row.id))
        .filter(Boolean),
      threshold: integer('custodians.threshold'),
    },
  };
  if (f.partyName === 'tendereePartyId' && !party) problem('tendereePartyId', t('field.required'));
  return { input, problems };
}

/** A new draft starts with one section (with the usual plan, tender-form-plan.ts) and three custodian slots. */
export function fillDefaults(f: TenderForm): void {
  f.sections.add();
  for (let i = 0; i < 3; i++) f.custodians.add();
}

/** Puts a saved draft into the form. The price field is the server's (always first), so it is left out. */
export function fillTender(f: TenderForm, view: TenderView): void {
  const set = (name: string, value: string) => {
    const control = f.form.elements.namedItem(name);
    if (control && 'value' in control) control.value = value;
  };
  set('projectName', view.projectName);
  set('title', view.title);
  set('description', view.description ?? '');
  set('category', view.category);
  set('procurementMethod', view.procurementMethod);
  set('regionCode', view.regionCode);
  set('bidValidityDays', String(view.bidValidityDays));
  for (const key of SCHEDULE_KEYS) set(`schedule.${key}`, toBeijingInput(view.schedule[key]));
  const party = f.partyName === 'tendereePartyId' ? view.tenderee : view.agency;
  const partyControl = f.form.elements.namedItem(f.partyName);
  if (party && partyControl instanceof HTMLSelectElement) addOption(partyControl, party.id, party.name);
  set(f.partyName, party?.id ?? '');
  set('custodians.threshold', String(view.custodians.threshold));

  for (const editor of [f.sections, f.fields, f.custodians]) editor.clear();
  for (const s of view.sections) {
    f.sections.add({
      name: s.name,
      maxPriceFen: fenToInput(s.maxPriceFen),
      estimatedPriceFen: fenToInput(s.estimatedPriceFen),
      depositFen: fenToInput(s.depositFen),
    });
  }
  view.sections.forEach((s, i) => f.plans.set(i, s.evaluationPlan));
  for (const field of view.bidFormFields.filter((x) => x.key !== 'price')) f.fields.add({ ...field });
  for (const m of view.custodians.members) {
    f.custodians.add();
    const rows = f.custodians.element.querySelectorAll<HTMLSelectElement>('select[data-people]');
    keepChoice(rows[rows.length - 1]!, m.userId, m.displayName);
  }
  if (view.custodians.members.length === 0) f.custodians.add();
}
