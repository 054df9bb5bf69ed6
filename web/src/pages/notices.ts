import { h } from '../dom.js';
import { beijingDayBound, formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { regionLabel } from '../regions.js';
import { href } from '../router.js';
import { CATEGORIES, NOTICE_KINDS, PUBLIC_STATUSES, type Notice } from '../tender-types.js';
import { tendersApi, type NoticeQuery } from '../tenders-api.js';
import { tenderStatusBadge } from '../tender-ui.js';
import { cursorPager, pick } from '../pager.js';
import { noticeFilters } from './notice-filters.js';

const PAGE_SIZE = 20;

/** The public notice board (交易公告): tender, clarification and termination notices, newest first. */
export function noticesPage(params: URLSearchParams): HTMLElement {
  const get = (name: string) => params.get(name) ?? undefined;
  const filter: NoticeQuery = {
    region: get('region'),
    category: pick(CATEGORIES, get('category')),
    status: pick(PUBLIC_STATUSES, get('status')),
    kind: pick(NOTICE_KINDS, get('kind')),
    from: beijingDayBound(get('from') ?? '', false),
    to: beijingDayBound(get('to') ?? '', true),
    q: get('q'),
    limit: PAGE_SIZE,
  };
  const list = h('ol', { class: 'notice-list', 'data-testid': 'notice-list' });
  const pager = cursorPager({
    fetchPage: (cursor) => tendersApi.notices({ ...filter, cursor }),
    show: (items) => list.append(...items.map(item)),
    isEmpty: () => list.children.length === 0,
    empty: () => h('p', { class: 'empty', 'data-testid': 'notices-empty' }, t('notices.empty')),
  });

  return h(
    'section',
    { class: 'notices', 'data-testid': 'notices-page' },
    h('h1', {}, t('notices.title')),
    h('p', { class: 'lead' }, t('notices.intro')),
    noticeFilters(params),
    h('div', { class: 'card notice-card' }, list, pager.status),
    pager.more,
  );
}

function item(notice: Notice): HTMLElement {
  return h(
    'li',
    { class: 'notice', 'data-testid': 'notice', 'data-notice-id': notice.id, 'data-kind': notice.kind },
    h('span', { class: `badge badge-notice-${notice.kind}` }, t(`noticeKind.${notice.kind}`)),
    h(
      'div',
      { class: 'notice-main' },
      h(
        'a',
        { class: 'notice-title', href: href(`tenders/${notice.tenderId}`), 'data-testid': 'notice-link' },
        notice.title,
      ),
      h(
        'div',
        { class: 'notice-meta' },
        h('span', {}, regionLabel(notice.regionCode)),
        h('span', {}, t(`category.${notice.category}`)),
        tenderStatusBadge(notice.tenderStatus),
      ),
    ),
    h('time', { class: 'notice-date', datetime: notice.publishedAt }, formatDateTime(notice.publishedAt)),
  );
}
