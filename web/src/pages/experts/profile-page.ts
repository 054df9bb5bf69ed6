/** 我的专家信息: the expert's own profile (phone, title), unavailable days and declared conflicts (回避申报). */
import { ApiError } from '../../api.js';
import { fieldValue, h, mount } from '../../dom.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { clearFieldErrors, errorBox, field, setFieldError } from '../../ui.js';
import { input } from '../form-controls.js';
import { expertsApi, type CatalogEntry, type ExpertDetail } from './api.js';
import { explainedError, expertStatusBadge, loadCatalog, notice, specialtyLabel } from './common.js';

export function profilePage(): HTMLElement {
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  Promise.all([expertsApi.me(), loadCatalog().catch(() => null)]).then(
    ([me, catalog]) => show(body, me, catalog),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return h('section', { 'data-testid': 'expert-profile' }, h('h1', {}, t('profile.title')), body);
}

function show(
  body: HTMLElement,
  me: ExpertDetail,
  catalog: Map<string, CatalogEntry> | null,
  message: HTMLElement | null = null,
): void {
  const messages = h('div', { class: 'messages', 'data-testid': 'profile-messages' }, message);
  // A refusal leaves the forms as typed, with the server's word on the fields it names.
  const update = (call: Promise<ExpertDetail>, done: MessageKey, form?: HTMLFormElement) =>
    call.then(
      (next) => show(body, next, catalog, notice(t(done), 'profile-saved')),
      (error: unknown) => {
        if (form && error instanceof ApiError)
          for (const p of error.fieldProblems) setFieldError(form, p.path, p.message);
        mount(messages, explainedError(error));
      },
    );
  mount(
    body,
    messages,
    h('section', { class: 'card' }, details(me, catalog), ownFields(me, update)),
    availability(me, update),
    conflicts(me, update),
  );
}

type Update = (call: Promise<ExpertDetail>, done: MessageKey, form?: HTMLFormElement) => void;

function details(me: ExpertDetail, catalog: Map<string, CatalogEntry> | null): HTMLElement {
  const rows: [MessageKey, Node | string][] = [
    ['experts.col.name', me.name],
    ['experts.col.idNumber', h('span', { class: 'mono' }, me.idNumber)],
    ['experts.col.employer', `${me.employerName ?? '—'} ${me.employerUscc ?? ''}`],
    ['experts.col.region', me.regionCode],
    ['experts.col.specialties', me.specialties.map((c) => specialtyLabel(c, catalog)).join('；')],
    ['experts.col.credit', String(me.creditScore)],
    ['experts.col.status', expertStatusBadge(me.status)],
  ];
  return h(
    'dl',
    { class: 'details' },
    rows.flatMap(([label, value]) => [h('dt', {}, t(label)), h('dd', {}, value)]),
  );
}

function ownFields(me: ExpertDetail, update: Update): HTMLElement {
  const form = h(
    'form',
    { class: 'ex-form', novalidate: true, 'data-testid': 'profile-form' },
    h('h2', {}, t('profile.editTitle')),
    h(
      'div',
      { class: 'form-grid' },
      field(t('experts.col.title'), input('title', { value: me.title })),
      field(t('profile.phone'), input('phone', { value: me.phone, type: 'tel' })),
    ),
    h('p', { class: 'hint' }, t('profile.vettedHint')),
    h(
      'div',
      { class: 'form-actions' },
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary', 'data-testid': 'profile-save' },
        t('profile.save'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    update(
      expertsApi.updateMe({ title: fieldValue(form, 'title'), phone: fieldValue(form, 'phone') }),
      'profile.saved',
      form,
    );
  });
  return form;
}

function availability(me: ExpertDetail, update: Update): HTMLElement {
  const day = input('day', { type: 'date' });
  const save = (days: string[]) =>
    update(expertsApi.setUnavailableDays([...new Set(days)].sort()), 'profile.daysSaved');
  return h(
    'section',
    { class: 'card', 'data-testid': 'unavailable-days' },
    h('h2', {}, t('profile.daysTitle')),
    h('p', { class: 'hint' }, t('profile.daysHint')),
    me.unavailableDays.length === 0
      ? h('p', { class: 'muted' }, t('profile.noDays'))
      : h(
          'ul',
          { class: 'ex-chips' },
          me.unavailableDays.map((d) =>
            h(
              'li',
              { 'data-testid': 'unavailable-day', 'data-day': d },
              d,
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  'aria-label': t('rows.remove'),
                  onclick: () => save(me.unavailableDays.filter((x) => x !== d)),
                },
                '×',
              ),
            ),
          ),
        ),
    h(
      'div',
      { class: 'ex-inline' },
      day,
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          'data-testid': 'day-add',
          onclick: () => day.value && save([...me.unavailableDays, day.value]),
        },
        t('profile.addDay'),
      ),
    ),
  );
}

function conflicts(me: ExpertDetail, update: Update): HTMLElement {
  const form = h(
    'form',
    { class: 'ex-inline', novalidate: true, 'data-testid': 'conflict-form' },
    field(t('profile.conflictUscc'), input('partyUscc', { maxlength: 18, class: 'mono' })),
    field(t('profile.conflictRelation'), input('relation', { maxlength: 100 })),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'conflict-add' }, t('profile.addConflict')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    update(
      expertsApi.declareConflict(fieldValue(form, 'partyUscc').toUpperCase(), fieldValue(form, 'relation')),
      'profile.conflictSaved',
      form,
    );
  });
  return h(
    'section',
    { class: 'card', 'data-testid': 'conflicts' },
    h('h2', {}, t('profile.conflictsTitle')),
    h('p', { class: 'hint' }, t('profile.conflictsHint')),
    me.conflicts.length === 0
      ? h('p', { class: 'muted' }, t('profile.noConflicts'))
      : h(
          'ul',
          { class: 'ex-conflicts' },
          me.conflicts.map((c) =>
            h(
              'li',
              { 'data-testid': 'conflict' },
              h('span', { class: 'mono' }, c.partyUscc),
              ' · ',
              c.relation,
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  'data-testid': 'conflict-withdraw',
                  onclick: () => update(expertsApi.withdrawConflict(c.id), 'profile.conflictWithdrawn'),
                },
                t('profile.withdraw'),
              ),
            ),
          ),
        ),
    form,
  );
}
