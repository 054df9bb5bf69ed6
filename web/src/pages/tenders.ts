import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { href } from '../router.js';
import type { TenderView } from '../tender-types.js';
import { tendersApi } from '../tenders-api.js';
import { tenderStatusBadge } from '../tender-ui.js';
import { errorBox } from '../ui.js';

/** The tenders the user's party runs, as tenderee or agency: drafts open in the form, others in the detail. */
export function tendersPage(): HTMLElement {
  const body = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  tendersApi.listManaged().then(
    ({ items }) =>
      mount(
        body,
        items.length === 0
          ? h('p', { class: 'empty card', 'data-testid': 'tenders-empty' }, t('tenders.empty'))
          : table(items),
      ),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return h(
    'section',
    { 'data-testid': 'tenders-page' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('tenders.title')),
      h(
        'a',
        { class: 'btn btn-primary', href: href('tenders/new'), 'data-testid': 'tender-new' },
        `＋ ${t('tenders.new')}`,
      ),
    ),
    body,
  );
}

function table(items: TenderView[]): HTMLElement {
  const columns = ['status', 'code', 'title', 'bidDeadline', 'dateModified'] as const;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'tenders-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, t(`tenders.col.${c}`))),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((tender) => {
          const target = tender.status === 'draft' ? `tenders/${tender.id}/edit` : `tenders/${tender.id}`;
          return h(
            'tr',
            { 'data-testid': 'tender-row', 'data-tender-id': tender.id },
            h('td', {}, tenderStatusBadge(tender.status)),
            h('td', { class: 'mono nowrap' }, tender.code),
            h(
              'td',
              { class: 'cell-name' },
              h('a', { href: href(target), 'data-testid': 'tender-link' }, tender.title),
            ),
            h('td', { class: 'nowrap' }, formatDateTime(tender.schedule.bidDeadline)),
            h('td', { class: 'nowrap' }, formatDateTime(tender.dateModified)),
          );
        }),
      ),
    ),
  );
}
