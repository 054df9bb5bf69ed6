import { request } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { errorBox } from '../ui.js';

interface Found {
  id: string;
  name: string;
  uscc: string;
  score: number;
  records: number;
  barred: boolean;
}

/**
 * 信用查询 (`#/credit?q=`): anyone looks up verified entities by name or unified social credit code and sees
 * their score and how many public records they have; each opens the entity's credit page.
 */
export function creditQueryPage(params: URLSearchParams): HTMLElement {
  const q = params.get('q')?.trim() ?? '';
  const input = h('input', {
    id: 'credit-q',
    name: 'q',
    type: 'search',
    value: q,
    minlength: '2',
    maxlength: '100',
    required: true,
    'data-testid': 'credit-q',
  });
  const form = h(
    'form',
    { class: 'credit-search', role: 'search', 'data-testid': 'credit-search' },
    h('label', { for: 'credit-q' }, t('credit.q')),
    input,
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'credit-submit' },
      t('credit.search'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate('credit', { q: input.value.trim() });
  });
  const results = h('div', { 'data-testid': 'credit-results' });
  if (q.length >= 2) {
    mount(results, h('p', { class: 'muted' }, t('common.loading')));
    request<{ items: Found[] }>('GET', `/credit/query?q=${encodeURIComponent(q)}`).then(
      ({ items }) =>
        mount(
          results,
          items.length === 0
            ? h('p', { class: 'empty', 'data-testid': 'credit-none' }, t('credit.none'))
            : h('ul', { class: 'notice-list' }, ...items.map(row)),
        ),
      (error: unknown) => mount(results, errorBox(error)),
    );
  }
  return h(
    'section',
    { class: 'notices credit', 'data-testid': 'credit-page' },
    h('h1', {}, t('credit.title')),
    h('p', { class: 'lead' }, t('credit.intro')),
    h('div', { class: 'card' }, form, results),
    h(
      'p',
      {},
      h('a', { href: '/api/v1/credit/export?limit=100', 'data-testid': 'credit-export' }, t('credit.export')),
      ' · ',
      h('a', { href: '/api/v1/credit/feed' }, 'JSON Feed'),
    ),
  );
}

function row(p: Found): HTMLElement {
  return h(
    'li',
    { class: 'notice', 'data-testid': 'credit-result' },
    h(
      'div',
      { class: 'notice-main' },
      h('a', { class: 'notice-title', href: href(`credit/${p.uscc}`) }, p.name),
      h('small', { class: 'muted' }, t('credit.uscc', { uscc: p.uscc })),
      h(
        'p',
        {},
        h('span', { class: 'badge', 'data-testid': 'credit-score' }, t('credit.score', { score: p.score })),
        ' ',
        t('credit.records', { count: p.records }),
        p.barred ? h('span', { class: 'badge badge-rejected' }, t('credit.barred')) : null,
      ),
    ),
  );
}
