/** 专家库管理: import (admins), search and filter with the cursor pager, sanctions (admins and supervisors). */
import { fieldValue, h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { cursorPager, pick } from '../../pager.js';
import { navigate } from '../../router.js';
import type { User } from '../../types.js';
import { EXPERT_STATUSES, expertsApi, type CatalogEntry, type ExpertQuery } from './api.js';
import { loadCatalog, specialtyOptions } from './common.js';
import { importCard } from './pool-import.js';
import { poolTable } from './pool-table.js';

const PAGE_SIZE = 20;
const FILTERS = ['status', 'specialty', 'region', 'employerUscc', 'q', 'minCredit'] as const;

export function poolPage(user: User, params: URLSearchParams): HTMLElement {
  const filter: ExpertQuery = {
    status: pick(EXPERT_STATUSES, params.get('status')),
    specialty: params.get('specialty') || undefined,
    region: params.get('region') || undefined,
    employerUscc: params.get('employerUscc') || undefined,
    q: params.get('q') || undefined,
    minCredit: params.get('minCredit') || undefined,
    limit: PAGE_SIZE,
  };
  const slot = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  let catalog: Map<string, CatalogEntry> | null = null;
  const showList = () => mount(slot, list(filter, catalog));
  // Fire and forget: the list replaces the loading line when the catalog is in; a failed catalog is caught
  // (the list works without names for the codes), and the list shows its own loading errors.
  void loadCatalog()
    .then((entries) => (catalog = entries))
    .catch(() => null)
    .then(showList);
  return h(
    'section',
    { 'data-testid': 'experts-page' },
    h('h1', {}, t('experts.title')),
    // After an import the list is fetched again in place, keeping the import's result on screen.
    user.role === 'admin' ? importCard(showList) : null,
    slot,
  );
}

function list(filter: ExpertQuery, catalog: Map<string, CatalogEntry> | null): HTMLElement {
  const messages = h('div', { class: 'messages', 'data-testid': 'experts-messages' });
  const table = poolTable({ catalog, onMessage: (node) => mount(messages, node) });
  const pager = cursorPager({
    fetchPage: (cursor) => expertsApi.list({ ...filter, cursor }),
    show: (items) => table.add(items),
    isEmpty: () => table.size() === 0,
    empty: () => h('p', { class: 'empty', 'data-testid': 'experts-empty' }, t('experts.empty')),
  });
  return h('div', {}, filterForm(filter, catalog), messages, table.element, pager.status, pager.more);
}

function filterForm(filter: ExpertQuery, catalog: Map<string, CatalogEntry> | null): HTMLFormElement {
  const labelled = (label: string, control: HTMLElement, grow = false) =>
    h('label', { class: `filter${grow ? ' filter-grow' : ''}` }, h('span', {}, label), control);
  const input = (name: string, attrs: Record<string, string> = {}) =>
    h('input', {
      name,
      value: String(filter[name as keyof ExpertQuery] ?? ''),
      'data-testid': `ex-filter-${name}`,
      ...attrs,
    });
  const status = h(
    'select',
    { name: 'status', 'data-testid': 'ex-filter-status' },
    h('option', { value: '' }, t('common.all')),
    EXPERT_STATUSES.map((s) =>
      h('option', { value: s, selected: s === filter.status }, t(`experts.status.${s}`)),
    ),
  );
  const specialty = h(
    'select',
    { name: 'specialty', 'data-testid': 'ex-filter-specialty' },
    h('option', { value: '' }, t('common.all')),
    specialtyOptions(catalog ?? new Map()).map(([code, label]) =>
      h('option', { value: code, selected: code === filter.specialty }, label),
    ),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'data-testid': 'experts-filter' },
    labelled(t('experts.filter.status'), status),
    labelled(t('experts.filter.specialty'), specialty),
    labelled(
      t('experts.filter.region'),
      input('region', { inputmode: 'numeric', placeholder: '4501', size: '6' }),
    ),
    labelled(t('experts.filter.employer'), input('employerUscc', { size: '18' })),
    labelled(t('experts.filter.minCredit'), input('minCredit', { type: 'number', min: '0', max: '100' })),
    labelled(t('experts.filter.name'), input('q', { type: 'search' }), true),
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'ex-filter-submit' },
      t('parties.search'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate('experts', Object.fromEntries(FILTERS.map((key) => [key, fieldValue(form, key)])));
  });
  return form;
}
