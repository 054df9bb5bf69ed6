/** 抽取申请: seats per specialty from the catalog, the local/remote mix, when and where, exclusions. */
import { ApiError } from '../../api.js';
import { fieldValue, h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import type { TenderView } from '../../tender-types.js';
import { tendersApi } from '../../tenders-api.js';
import type { User } from '../../types.js';
import { clearFieldErrors, errorBox, field, setFieldError } from '../../ui.js';
import { input, select } from '../form-controls.js';
import { peopleFilter, personSelect } from '../people-picker.js';
import { rowsEditor } from '../rows.js';
import { drawsApi, type CatalogEntry, type DrawRequestInput } from './api.js';
import { explainedError, loadCatalog, specialtyOptions } from './common.js';
import { exclusionPicker } from './exclusion-picker.js';
import { runsDraws } from './draws-page.js';

export function drawRequestPage(user: User, tenderId: string | null): HTMLElement {
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  if (!tenderId) mount(body, errorBox(new ApiError(404, 'NOT_FOUND', '', undefined, '')));
  else {
    Promise.all([tendersApi.get(tenderId), loadCatalog()]).then(
      ([tender, catalog]) =>
        mount(body, runsDraws(user, tender) ? requestForm(tender, catalog) : errorBox(forbidden())),
      (error: unknown) => mount(body, errorBox(error)),
    );
  }
  return h('section', { 'data-testid': 'draw-request-page' }, h('h1', {}, t('draw.requestTitle')), body);
}

const forbidden = () => new ApiError(403, 'FORBIDDEN', '', undefined, '');

function requestForm(tender: TenderView, catalog: Map<string, CatalogEntry>): HTMLElement {
  const options = specialtyOptions(catalog);
  const slots = rowsEditor({
    prefix: 'slots',
    addLabel: t('draw.addSlot'),
    rowLabel: (i) => t('draw.slotN', { n: i + 1 }),
    min: 1,
    max: 20,
    columns: [
      {
        key: 'specialty',
        label: t('draw.slot.specialty'),
        control: () => select('', options, { empty: t('draw.slot.choose') }),
        width: 'wide',
      },
      {
        key: 'count',
        label: t('draw.slot.count'),
        control: () => input('', { type: 'number', min: 1, max: 50 }),
      },
      {
        key: 'remote',
        label: t('draw.slot.remote'),
        control: () => input('', { type: 'number', min: 0, max: 50 }),
      },
    ],
  });
  slots.add({ count: '3', remote: '0' });
  const exclusions = exclusionPicker(tender.id);
  const messages = h('div', { class: 'messages', 'data-testid': 'draw-request-messages' });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'draw-submit' },
    t('draw.submit'),
  );
  const form = h(
    'form',
    { class: 'card ex-form', novalidate: true, 'data-testid': 'draw-request-form' },
    h('p', { class: 'lead' }, h('span', { class: 'mono' }, tender.code), ' ', tender.title),
    h(
      'div',
      { class: 'form-grid' },
      field(
        t('draw.section'),
        select(
          'sectionId',
          tender.sections.map((s) => [s.id, `${s.code} ${s.name}`]),
        ),
      ),
      h(
        'div',
        { class: 'field-with-filter' },
        field(
          t('draw.supervisor'),
          personSelect('supervisors', 'supervisorUserId'),
          t('draw.supervisorHint'),
        ),
        peopleFilter('supervisors', (): ParentNode => form, 'supervisor-filter'),
      ),
      field(
        t('draw.localRegion'),
        input('localRegionPrefix', { inputmode: 'numeric', value: tender.regionCode.slice(0, 4) }),
        t('draw.localRegionHint'),
      ),
      field(t('draw.evaluationDate'), input('evaluationDate', { type: 'date' })),
      field(t('draw.place'), input('place', { maxlength: 500 })),
      field(
        t('common.optional', { label: t('draw.respondMinutes') }),
        input('respondMinutes', { type: 'number', min: 5 }),
        t('draw.respondMinutesHint'),
      ),
    ),
    h('h2', {}, t('draw.slotsTitle')),
    h('p', { class: 'hint' }, t('draw.slotsHint')),
    slots.element,
    h('h2', {}, t('draw.exclusionsTitle')),
    h('p', { class: 'hint' }, t('draw.exclusionsHint')),
    exclusions.element,
    field(
      t('common.optional', { label: t('draw.bidders') }),
      h('textarea', { name: 'bidderUsccs', rows: 3, 'data-testid': 'tf-bidderUsccs' }),
      t('draw.biddersHint'),
    ),
    messages,
    h('div', { class: 'form-actions' }, submit),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    mount(messages);
    const minutes = fieldValue(form, 'respondMinutes');
    const body: DrawRequestInput = {
      sectionId: fieldValue(form, 'sectionId'),
      supervisorUserId: fieldValue(form, 'supervisorUserId'),
      localRegionPrefix: fieldValue(form, 'localRegionPrefix'),
      slots: slots.values().map((row) => ({
        specialty: String(row.specialty),
        count: Number(row.count),
        remote: Number(row.remote || 0),
      })),
      evaluationDate: fieldValue(form, 'evaluationDate'),
      place: fieldValue(form, 'place'),
      exclusions: exclusions.values(),
      bidderUsccs: fieldValue(form, 'bidderUsccs')
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((u) => u.toUpperCase()),
      ...(minutes ? { respondMinutes: Number(minutes) } : {}),
    };
    submit.disabled = true;
    drawsApi.request(tender.id, body).then(
      (draw) => navigate(`expert-draws/${draw.id}`),
      (error: unknown) => {
        submit.disabled = false;
        if (error instanceof ApiError) {
          for (const p of error.fieldProblems) setFieldError(form, p.path, p.message);
        }
        mount(messages, explainedError(error, catalog));
      },
    );
  });
  return form;
}
