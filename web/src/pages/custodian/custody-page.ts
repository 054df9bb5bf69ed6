/**
 * 密钥托管: a key custodian's tenders with their opening times, and a "release my shares" action for each.
 * The button stays disabled until the opening time by this browser's clock (and the server refuses an early
 * release anyway, to the millisecond); the agent (`yangguang custodian run`) does the same unattended.
 */
import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { isMessageKey, t } from '../../i18n/index.js';
import { errorBox } from '../../ui.js';
import { table } from '../tender-detail-parts.js';
import { custodyApi, type CustodyTender } from './custody-api.js';

export function custodyPage(): HTMLElement {
  const list = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  const action = h('div', { 'data-testid': 'custody-action' });
  const root = h(
    'section',
    { 'data-testid': 'custody' },
    h('h1', {}, t('custody.title')),
    h('p', { class: 'lead' }, t('custody.intro')),
    action,
    list,
  );
  let timers: number[] = [];
  const load = async () => {
    timers.forEach((id) => clearTimeout(id));
    timers = [];
    try {
      const tenders = await custodyApi.myTenders();
      mount(
        list,
        tenders.length === 0
          ? h('p', { class: 'empty', 'data-testid': 'custody-empty' }, t('custody.empty'))
          : table(
              'custody-table',
              [
                'custody.code',
                'custody.tender',
                'custody.openingTime',
                'custody.position',
                'custody.status',
                'custody.release',
              ],
              tenders.map((tender) => [
                tender.code,
                tender.title,
                formatDateTime(tender.bidDeadline),
                String(tender.position),
                statusText(tender.status),
                releaseCell(tender),
              ]),
            ),
      );
    } catch (error) {
      mount(list, errorBox(error));
    }
  };

  function releaseCell(tender: CustodyTender): HTMLElement {
    if (tender.released)
      return h('span', { class: 'badge', 'data-testid': 'custody-released' }, t('custody.done'));
    const button = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-secondary',
        'data-testid': `custody-release-${tender.code}`,
        onclick: () => {
          // The PKCS#12 reader (node-forge) is loaded only when a custodian releases by hand.
          import('./release-card.js').then(
            ({ releaseCard }) => {
              mount(action, releaseCard(tender, load));
              action.scrollIntoView({ block: 'nearest' });
            },
            (error: unknown) => mount(action, errorBox(error)),
          );
        },
      },
      t('custody.releaseButton'),
    );
    const opensIn = Date.parse(tender.bidDeadline) - Date.now();
    if (opensIn <= 0) return button;
    // Why the button is closed, in words beside it (a tooltip is never seen on touch or by keyboard).
    const reasonId = `custody-why-${tender.code}`;
    const reason = h('small', { class: 'disabled-reason', id: reasonId }, t('custody.notYet'));
    button.disabled = true;
    button.setAttribute('aria-describedby', reasonId);
    // Enabled at the opening time without a reload (timers are clamped near 24.8 days; far ones wait).
    if (opensIn < 2 ** 31 - 1) {
      timers.push(
        window.setTimeout(() => {
          button.disabled = false;
          button.removeAttribute('aria-describedby');
          reason.remove();
        }, opensIn + 1),
      );
    }
    return h('span', { class: 'with-disabled-reason' }, button, reason);
  }

  void load();
  return root;
}

function statusText(status: string): string {
  const key = `tenderStatus.${status}`;
  return isMessageKey(key) ? t(key) : status;
}
