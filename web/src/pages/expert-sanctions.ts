import type { Sanction } from '../../../src/contracts/index.js';
import { request } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { cursorPager } from '../pager.js';

const PAGE_SIZE = 20;

/**
 * 专家处理公告 (`#/expert-sanctions`): every published decision to suspend, remove or reinstate an evaluation
 * expert, newest first, for anyone (1117 §12, 14: the decisions are made public).
 */
export function expertSanctionsPage(): HTMLElement {
  const list = h('ol', { class: 'notice-list sanction-list', 'data-testid': 'sanction-list' });
  const pager = cursorPager<Sanction>({
    fetchPage: (cursor) =>
      request(
        'GET',
        `/expert-sanctions?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    show: (items) => list.append(...items.map(item)),
    isEmpty: () => list.children.length === 0,
    empty: () => h('p', { class: 'empty', 'data-testid': 'sanctions-empty' }, t('sanctions.empty')),
  });
  return h(
    'section',
    { class: 'notices', 'data-testid': 'sanctions-page' },
    h('h1', {}, t('sanctions.title')),
    h('p', { class: 'lead' }, t('sanctions.intro')),
    h('div', { class: 'card notice-card' }, list, pager.status),
    pager.more,
  );
}

function item(s: Sanction): HTMLElement {
  return h(
    'li',
    { class: 'notice sanction', 'data-testid': 'sanction' },
    h('span', { class: `badge badge-sanction-${s.action}` }, t(`sanctions.action.${s.action}`)),
    h(
      'div',
      { class: 'notice-main' },
      h('strong', { class: 'notice-title', 'data-testid': 'sanction-expert' }, s.expertName),
      h('p', { class: 'sanction-reason' }, t('sanctions.reason', { reason: s.reason })),
      h('details', {}, h('summary', {}, s.title), h('pre', { class: 'sanction-body' }, s.body)),
      h('small', { class: 'muted' }, t('sanctions.published', { at: formatDateTime(s.publishedAt) })),
    ),
  );
}
