import { fieldValue, h } from '../dom.js';
import { t } from '../i18n/index.js';
import { regionFilterOptions } from '../regions.js';
import { navigate } from '../router.js';
import { CATEGORIES, FILTERED_NOTICE_KINDS, PUBLIC_STATUSES } from '../tender-types.js';

/** The notice filters, kept in the address (`#/notices?region=4501&q=道路`) so a search can be shared. */
export function noticeFilters(params: URLSearchParams): HTMLFormElement {
  const current = (name: string) => params.get(name) ?? '';
  const label = (text: string, control: HTMLElement, grow = false) =>
    h('label', { class: `filter${grow ? ' filter-grow' : ''}` }, h('span', {}, text), control);
  const select = (name: string, options: [string, string][]) =>
    h(
      'select',
      { name, 'data-testid': `filter-${name}` },
      h('option', { value: '' }, t('common.all')),
      options.map(([value, text]) => h('option', { value, selected: value === current(name) }, text)),
    );
  // The region names come with the region table, fetched on first use; the chosen prefix is kept meanwhile.
  const regionSelect = () => {
    const control = select('region', current('region') ? [[current('region'), current('region')]] : []);
    regionFilterOptions().then(
      (options) =>
        control.replaceChildren(
          h('option', { value: '' }, t('common.all')),
          ...options.map(([value, text]) =>
            h('option', { value, selected: value === current('region') }, text),
          ),
        ),
      () => {}, // codes stay as they are
    );
    return control;
  };
  const date = (name: string) =>
    h('input', { type: 'date', name, value: current(name), 'data-testid': `filter-${name}` });

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'data-testid': 'notices-filter' },
    label(t('notices.region'), regionSelect()),
    label(
      t('tender.category'),
      select(
        'category',
        CATEGORIES.map((c) => [c, t(`category.${c}`)]),
      ),
    ),
    label(
      t('notices.kind'),
      select(
        'kind',
        FILTERED_NOTICE_KINDS.map((k) => [k, t(`noticeKind.${k}`)]),
      ),
    ),
    label(
      t('notices.status'),
      select(
        'status',
        PUBLIC_STATUSES.map((s) => [s, t(`tenderStatus.${s}`)]),
      ),
    ),
    label(t('notices.from'), date('from')),
    label(t('notices.to'), date('to')),
    label(
      t('notices.search'),
      h('input', {
        type: 'search',
        name: 'q',
        value: current('q'),
        placeholder: t('notices.searchPlaceholder'),
        'data-testid': 'filter-q',
      }),
      true,
    ),
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'filter-submit' },
      t('parties.search'),
    ),
  );
  const apply = () => {
    const names = ['region', 'category', 'kind', 'status', 'from', 'to', 'q'];
    navigate('notices', Object.fromEntries(names.map((n) => [n, fieldValue(form, n)])));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  for (const control of form.querySelectorAll('select, input[type="date"]'))
    control.addEventListener('change', apply);
  return form;
}
