import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { formatYuan } from '../../money.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import '../../styles/contract.css';
import { contractApi, type MyContract } from './api.js';

/** #/contracts (我的合同): a supplier's contracts, newest signed first, each linking to its tender's page. */
export function myContractsPage(): HTMLElement {
  const list = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  contractApi.mine().then(
    ({ items }) =>
      mount(
        list,
        items.length === 0
          ? h('p', { class: 'empty', 'data-testid': 'contracts-empty' }, t('contract.mineEmpty'))
          : h('ul', { class: 'stack contract-list', 'data-testid': 'contracts-list' }, ...items.map(item)),
      ),
    (error: unknown) => mount(list, errorBox(error)),
  );
  return h(
    'section',
    { 'data-testid': 'my-contracts' },
    h('h1', {}, t('contract.mineTitle')),
    h('p', { class: 'lead' }, t('contract.mineIntro')),
    list,
  );
}

function item(c: MyContract): HTMLElement {
  const perf = c.performance;
  return h(
    'li',
    { class: 'card', 'data-testid': 'contracts-item', 'data-status': c.status },
    h('h2', {}, h('a', { href: href(`tenders/${c.tenderId}`) }, c.tenderTitle)),
    h('p', { class: 'muted' }, `${c.sectionCode} ${c.sectionName}`),
    h(
      'p',
      {},
      h('span', { class: 'badge' }, t(`contract.status.${c.status}` as MessageKey)),
      c.late ? h('span', { class: 'badge badge-late' }, t('contract.signedLate')) : null,
    ),
    h(
      'dl',
      { class: 'contract-facts' },
      h('dt', {}, t('contract.price')),
      h('dd', {}, formatYuan(c.priceFen)),
      h('dt', {}, t('contract.signedAt')),
      h('dd', {}, formatDateTime(c.signedAt)),
      h('dt', {}, t('contract.period')),
      h('dd', {}, t('contract.periodText', { from: c.startsOn, to: formatDateTime(c.dueAt) })),
      perf ? h('dt', {}, t('contract.paidLabel')) : null,
      perf
        ? h(
            'dd',
            {},
            t('contract.paid', { paid: formatYuan(perf.paidFen), ceiling: formatYuan(perf.amountFen) }),
          )
        : null,
      c.acceptedAt ? h('dt', {}, t('contract.acceptance')) : null,
      c.acceptedAt ? h('dd', {}, formatDateTime(c.acceptedAt)) : null,
    ),
  );
}
