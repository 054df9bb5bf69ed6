/**
 * 我的投标: the bidder's own bids across tenders, each with its receipt, and replace / withdraw while the
 * tender is open. The server's clock decides whether the deadline has passed, so the buttons stay while
 * the tender shows as open and a late click is answered with BID_DEADLINE_PASSED.
 */
import { bidsApi, type BidView } from '../../bids-api.js';
import { h, mount } from '../../dom.js';
import { formatBytes, formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { TenderView } from '../../tender-types.js';
import { tendersApi } from '../../tenders-api.js';
import { errorBox } from '../../ui.js';
import { askDecision } from '../decision-dialog.js';
import { table } from '../tender-detail-parts.js';
import { receiptCard, saveJson } from './receipt-view.js';

export function myBidsPage(): HTMLElement {
  const list = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  const detail = h('div', { 'data-testid': 'bids-detail' });
  const root = h(
    'section',
    { 'data-testid': 'my-bids' },
    h('h1', {}, t('bids.title')),
    h(
      'p',
      { class: 'lead' },
      t('bids.intro'),
      ' ',
      h('a', { href: href('certificate') }, t('nav.certificate')),
    ),
    detail,
    list,
  );
  const load = async () => {
    try {
      const bids = await bidsApi.myBids();
      const tenders = new Map<string, TenderView>();
      for (const id of new Set(bids.map((b) => b.tenderId))) tenders.set(id, await tendersApi.get(id));
      mount(
        list,
        bids.length === 0
          ? h('p', { class: 'empty', 'data-testid': 'bids-empty' }, t('bids.empty'))
          : bidsTable(bids, tenders, detail, load),
      );
    } catch (error) {
      mount(list, errorBox(error));
    }
  };
  void load();
  return root;
}

function bidsTable(
  bids: BidView[],
  tenders: Map<string, TenderView>,
  detail: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  const rows = [...bids]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map((bid) => {
      const tender = tenders.get(bid.tenderId);
      const section = tender?.sections.find((s) => s.id === bid.sectionId);
      return [
        tender
          ? h(
              'a',
              { href: href(`tenders/${tender.id}`) },
              h('span', { class: 'mono' }, tender.code),
              ' ',
              tender.title,
            )
          : bid.tenderId,
        // The section by its name; its 23-digit code only as the tooltip, for those who quote it.
        section ? h('span', { title: section.code, 'data-testid': 'bid-section' }, section.name) : '',
        h(
          'span',
          { class: `badge badge-bid-${bid.status}`, 'data-testid': 'bid-status', 'data-status': bid.status },
          t(`bidStatus.${bid.status}`),
        ),
        `v${bid.version}`,
        formatDateTime(bid.withdrawnAt ?? bid.receivedAt),
        formatBytes(bid.size),
        actions(bid, tender, detail, reload),
      ];
    });
  return table(
    'bids-table',
    [
      'bids.col.tender',
      'bids.col.section',
      'bids.col.status',
      'bids.col.version',
      'bids.col.at',
      'bids.col.size',
      'bids.col.actions',
    ],
    rows,
  );
}

function actions(
  bid: BidView,
  tender: TenderView | undefined,
  detail: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  const open = tender?.status === 'published';
  const showReceipt = async () => {
    try {
      const section = tender?.sections.find((x) => x.id === bid.sectionId);
      const names = tender && section ? { tenderTitle: tender.title, sectionName: section.name } : undefined;
      mount(detail, receiptCard(await bidsApi.receipt(bid.id), undefined, names));
    } catch (error) {
      mount(detail, errorBox(error));
    }
  };
  const withdraw = async () => {
    const confirmed = await askDecision({
      title: t('bids.withdrawTitle'),
      body: t('bids.withdrawBody'),
      confirmLabel: t('bids.withdraw'),
      withReason: false,
      danger: true,
    });
    if (confirmed === null) return;
    try {
      const withdrawn = await bidsApi.withdraw(bid.id);
      mount(
        detail,
        h(
          'div',
          { class: 'alert alert-success', role: 'status', 'data-testid': 'bid-withdrawn' },
          t('bids.withdrawn', { at: formatDateTime(withdrawn.withdrawnAt) }),
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              'data-testid': 'withdrawal-receipt-download',
              onclick: () => saveJson(withdrawn.withdrawalReceipt, `withdrawal-${bid.id}.json`),
            },
            t('bids.withdrawalReceipt'),
          ),
        ),
      );
      await reload();
    } catch (error) {
      mount(detail, errorBox(error, 'bid-withdraw-error'));
    }
  };
  return h(
    'div',
    { class: 'actions', 'data-bid-id': bid.id },
    bid.status === 'submitted'
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            'data-testid': 'bid-receipt',
            onclick: () => void showReceipt(),
          },
          t('bids.receipt'),
        )
      : null,
    open
      ? h(
          'a',
          {
            class: 'btn btn-small',
            href: href(`tenders/${bid.tenderId}/bid`, { section: bid.sectionId }),
            'data-testid': 'bid-replace',
          },
          t(bid.status === 'submitted' ? 'bids.replace' : 'bids.resubmit'),
        )
      : null,
    open && bid.status === 'submitted'
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-danger',
            'data-testid': 'bid-withdraw',
            onclick: () => void withdraw(),
          },
          t('bids.withdraw'),
        )
      : null,
  );
}
