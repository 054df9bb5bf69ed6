/**
 * Releasing one tender's shares by hand: the custodian picks its PKCS#12 file and types its password; the
 * file is opened here in the browser (forge → PKCS#8 → a non-extractable WebCrypto RSA-OAEP key), each
 * share is unwrapped and checked against the bidder's share check in the browser, and only the checked
 * shares are sent. The key and the file never leave this page; the password field is cleared at once.
 */
import { signShareReports } from '../../../../cli/custodian/report.js';
import { unwrapOwnShares } from '../../../../cli/custodian/shares.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { signWith } from '../../keys/generate.js';
import { openPkcs12 } from '../../keys/pkcs12.js';
import { field } from '../../ui.js';
import { localErrorBox } from '../bids/local-errors.js';
import { custodyApi, type CustodyTender } from './custody-api.js';

export function releaseCard(tender: CustodyTender, done: () => Promise<void>): HTMLElement {
  const messages = h('div', { 'data-testid': 'release-messages' });
  const file = h('input', {
    type: 'file',
    name: 'p12',
    accept: '.p12,.pfx,application/x-pkcs12',
    required: true,
    'data-testid': 'release-p12',
  });
  const password = h('input', {
    type: 'password',
    name: 'p12password',
    autocomplete: 'off',
    'data-testid': 'release-password',
  });
  const button = h(
    'button',
    { type: 'submit', class: 'btn', 'data-testid': 'release-submit' },
    t('custody.releaseNow'),
  );
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'release-card' },
    h('h2', {}, t('custody.releaseTitle', { code: tender.code })),
    h('p', {}, t('custody.releaseBody')),
    field(t('cert.p12File'), file),
    field(t('cert.p12Password'), password),
    button,
    messages,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    button.disabled = true;
    mount(messages, h('p', { class: 'muted' }, t('custody.releasing')));
    const secret = password.value;
    password.value = '';
    try {
      const { keys } = await openPkcs12(chosen, secret);
      const wrapped = await custodyApi.wrappedShares(tender.tenderId);
      const { shares, failures } = await unwrapOwnShares(tender.position, wrapped.bids, keys.decryptKey);
      const result =
        shares.length > 0 ? await custodyApi.release(tender.tenderId, shares) : { accepted: [], wrong: [] };
      // What could not be unwrapped or checked is reported, signed with the same key (the bidder's doing).
      const reports = await signShareReports(
        tender.tenderId,
        wrapped.position,
        wrapped.bids,
        // A format 2 share is provably decryptable: failing it is this key's problem, not the bidder's.
        failures.filter((f) => f.formatVersion !== 2),
        (data) => signWith(keys.signKey, data),
      );
      const reported =
        reports.length > 0 ? (await custodyApi.report(tender.tenderId, reports)).recorded.length : 0;
      mount(
        messages,
        outcome(result.accepted.length, result.wrong.length, failures.length - reported, reported),
      );
      await done();
    } catch (error) {
      mount(messages, localErrorBox(error, 'release-error'));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function outcome(accepted: number, wrong: number, notReleased: number, reported: number): HTMLElement {
  const ok = wrong === 0 && notReleased === 0;
  return h(
    'div',
    {
      class: `alert ${ok ? 'alert-success' : 'alert-error'}`,
      role: 'status',
      'data-testid': 'release-outcome',
    },
    h('p', {}, t('custody.released', { count: accepted })),
    notReleased > 0 ? h('p', {}, t('custody.notReleased', { count: notReleased })) : null,
    reported > 0
      ? h('p', { 'data-testid': 'release-reported' }, t('custody.reported', { count: reported }))
      : null,
    wrong > 0 ? h('p', {}, t('custody.wrong', { count: wrong })) : null,
  );
}
