import { api, type PartyQuery } from '../api.js';
import { fieldValue, h } from '../dom.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { PARTY_KINDS, PARTY_STATUSES, type User } from '../types.js';
import { cursorPager, pick } from '../pager.js';
import { partyTable } from './parties-table.js';

const PAGE_SIZE = 20;

/** The party register: filters (kept in the URL), a cursor-paged list, and verification for admins. */
export function partiesPage(user: User, params: URLSearchParams): HTMLElement {
  const filter: PartyQuery = {
    status: pick(PARTY_STATUSES, params.get('status')),
    kind: pick(PARTY_KINDS, params.get('kind')),
    q: params.get('q') ?? undefined,
    limit: PAGE_SIZE,
  };
  const messages = h('div', { class: 'messages', 'data-testid': 'parties-messages' });
  const table = partyTable({
    withDetails: user.role === 'admin' || user.role === 'supervisor',
    canDecide: user.role === 'admin',
  });
  const pager = cursorPager({
    fetchPage: (cursor) => api.listParties({ ...filter, cursor }),
    show: (items) => table.add(items),
    isEmpty: () => table.size() === 0,
    empty: () => h('p', { class: 'empty', 'data-testid': 'parties-empty' }, t('parties.empty')),
  });

  return h(
    'section',
    { 'data-testid': 'parties-page' },
    h('h1', {}, t('parties.title')),
    filterForm(filter),
    messages,
    table.element,
    pager.status,
    pager.more,
  );
}

function filterForm(filter: PartyQuery): HTMLFormElement {
  const select = (name: string, label: string, options: [value: string, label: string][], current?: string) =>
    h(
      'label',
      { class: 'filter' },
      h('span', {}, label),
      h(
        'select',
        { name, 'data-testid': `filter-${name}` },
        h('option', { value: '' }, t('common.all')),
        options.map(([value, text]) => h('option', { value, selected: value === current }, text)),
      ),
    );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'data-testid': 'parties-filter' },
    select(
      'status',
      t('parties.filterStatus'),
      PARTY_STATUSES.map((s) => [s, t(`status.${s}`)]),
      filter.status,
    ),
    select(
      'kind',
      t('parties.filterKind'),
      PARTY_KINDS.map((k) => [k, t(`kind.${k}`)]),
      filter.kind,
    ),
    h(
      'label',
      { class: 'filter filter-grow' },
      h('span', {}, t('parties.filterName')),
      h('input', {
        name: 'q',
        type: 'search',
        value: filter.q ?? '',
        placeholder: t('parties.filterNamePlaceholder'),
        'data-testid': 'filter-q',
      }),
    ),
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'filter-submit' },
      t('parties.search'),
    ),
  );
  const apply = () =>
    navigate('parties', {
      status: fieldValue(form, 'status'),
      kind: fieldValue(form, 'kind'),
      q: fieldValue(form, 'q'),
    });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  for (const s of form.querySelectorAll('select')) s.addEventListener('change', apply);
  return form;
}
