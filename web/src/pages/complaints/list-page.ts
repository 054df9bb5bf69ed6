import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import { complaintsApi, type ComplaintStatus, type ComplaintView } from './api.js';
import { openComplaintDialog } from './detail-dialog.js';
import { complaintsTable } from './words.js';
import '../supervision/alerts-tender.css';

const STATUSES: ComplaintStatus[] = ['filed', 'accepted', 'not-accepted', 'decided', 'withdrawn'];

/**
 * The complaints a reader has: `#/complaints` for a bidder (its own) or a tenderee or agency (those about its
 * tenders), `#/supervision/complaints` for supervisors (the queue, by status, with the days left);
 * `?complaint=<id>` opens that complaint's dialog.
 */
export function complaintListPage(user: User, path: string, params: URLSearchParams): HTMLElement {
  const status = STATUSES.find((s) => s === params.get('status'));
  const list = h('div', { 'data-testid': 'complaints-list', 'aria-live': 'polite' });
  const supervisor = user.role === 'supervisor';
  const title = supervisor
    ? t('complaints.queueTitle')
    : user.role === 'bidder'
      ? t('complaints.mineTitle')
      : t('complaints.respondentTitle');
  const open = (c: ComplaintView) => openComplaintDialog(c, user, () => void load());
  const load = async () => {
    try {
      const items = await complaintsApi.list(status);
      mount(
        list,
        items.length === 0
          ? h('p', { class: 'muted', 'data-testid': 'complaints-empty' }, t('complaints.none'))
          : complaintsTable(items, open, user.role !== 'bidder'),
      );
    } catch (error) {
      mount(list, errorBox(error));
    }
  };
  mount(list, h('span', { class: 'muted' }, t('common.loading')));
  void load();
  // `?complaint=<id>` opens one at once (a link from a tender's supervision timeline).
  const wanted = params.get('complaint');
  if (wanted) complaintsApi.get(wanted).then(open, (error: unknown) => mount(list, errorBox(error)));
  return h(
    'section',
    { class: 'sv-page', 'data-testid': 'complaints-page' },
    h('h1', {}, title),
    supervisor ? h('p', { class: 'muted' }, t('complaints.queueIntro')) : null,
    filters(path, status),
    list,
  );
}

function filters(path: string, current: ComplaintStatus | undefined): HTMLElement {
  const choice = (status: ComplaintStatus | undefined, label: string) =>
    h(
      'a',
      {
        href: href(path, { status }),
        class: `btn btn-small ${status === current ? 'btn-primary' : ''}`,
        'aria-current': status === current ? 'page' : undefined,
        onclick: (event: Event) => {
          event.preventDefault();
          navigate(path, { status });
        },
      },
      label,
    );
  return h(
    'nav',
    { class: 'sv-filters', 'aria-label': t('complaints.colStatus') },
    choice(undefined, t('complaints.all')),
    ...STATUSES.map((s) => choice(s, t(`complaints.status.${s}`))),
  );
}
