/** The bidder's routes: `bids` (我的投标), `certificate` (我的证书), `tenders/:id/bid` (投标). */
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import '../../styles/bids.css';

type BidPages = typeof import('./index.js');

export function bidderPage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  if (user.role !== 'bidder') return null;
  if (path === 'bids') return lazy((pages) => pages.myBidsPage());
  if (path === 'certificate') return lazy((pages) => pages.certificatePage(user));
  const bid = /^tenders\/([\w-]+)\/bid$/.exec(path)?.[1];
  if (bid) return lazy((pages) => pages.bidPage(bid, user, params));
  return null;
}

function lazy(build: (pages: BidPages) => HTMLElement): HTMLElement {
  const slot = h('div', { class: 'lazy-page' }, h('span', { class: 'muted' }, t('common.loading')));
  import('./index.js').then(
    (pages) => mount(slot, build(pages)),
    (error: unknown) => mount(slot, errorBox(error)),
  );
  return slot;
}
