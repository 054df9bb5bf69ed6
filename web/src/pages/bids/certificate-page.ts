/**
 * 我的证书: the key this device signs bids with. A key is made here (WebCrypto, never leaving the browser
 * as bytes) and certified by the platform CA from a CSR, or imported from a PKCS#12 file.
 */
import { bidsApi, type CertificateView } from '../../bids-api.js';
import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { buildCsr, generateKeyPair, RSA_BITS } from '../../keys/generate.js';
import { identitiesOf, newIdentityId, saveIdentity, type StoredIdentity } from '../../keys/key-store.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import { localErrorBox } from './local-errors.js';
import { pkcs12Card } from './pkcs12-card.js';

export function certificatePage(user: User): HTMLElement {
  const device = h(
    'div',
    { 'data-testid': 'cert-device' },
    h('span', { class: 'muted' }, t('common.loading')),
  );
  const messages = h('div', { class: 'messages', 'data-testid': 'cert-messages' });
  const reload = async () => {
    try {
      const [identities, certificates] = await Promise.all([identitiesOf(user.id), bidsApi.myCertificates()]);
      mount(
        device,
        deviceCard(identities, certificates, messages, reload),
        certificatesCard(certificates, identities),
      );
    } catch (error) {
      mount(device, errorBox(error));
    }
  };
  void reload();
  return h(
    'section',
    { class: 'certificate-page', 'data-testid': 'certificate-page' },
    h('h1', {}, t('nav.certificate')),
    h('p', { class: 'lead' }, t('cert.intro')),
    messages,
    device,
    h(
      'div',
      { class: 'tender-grid' },
      generateCard(user, messages, reload),
      pkcs12Card(user, messages, reload),
    ),
  );
}

function deviceCard(
  identities: StoredIdentity[],
  certificates: CertificateView[],
  messages: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  const current = identities.find((i) => i.certificatePem !== null);
  const pending = identities[0]?.certificatePem === null ? identities[0] : undefined;
  const onServer = certificates.find((c) => c.serial === current?.serial);
  const rows: [MessageKey, string, string][] = current
    ? [
        ['cert.serial', current.serial ?? '', 'cert-serial'],
        ['cert.validFrom', formatDateTime(current.notBefore), 'cert-not-before'],
        ['cert.validTo', formatDateTime(current.notAfter), 'cert-not-after'],
        ['cert.source', t(`cert.source.${current.source}`), 'cert-source'],
      ]
    : [];
  const warning =
    current && onServer?.revokedAt ? t('cert.revoked', { at: formatDateTime(onServer.revokedAt) }) : '';
  return h(
    'section',
    { class: 'card', 'data-testid': 'cert-in-use' },
    h('h2', {}, t('cert.onDevice')),
    current
      ? h(
          'dl',
          { class: 'details' },
          rows.flatMap(([label, value, testId]) => [
            h('dt', {}, t(label)),
            h('dd', { class: 'mono', 'data-testid': testId }, value),
          ]),
        )
      : h('p', { class: 'empty', 'data-testid': 'cert-none' }, t('cert.none')),
    warning ? h('div', { class: 'alert alert-warn', 'data-testid': 'cert-warning' }, warning) : null,
    pending ? pendingNote(pending, messages, reload) : null,
  );
}

/** A key whose certificate request got no answer (closed tab, network): send the stored CSR again. */
function pendingNote(
  pending: StoredIdentity,
  messages: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  const retry = async () => {
    try {
      await certify(pending, pending.csrPem ?? '');
      await reload();
    } catch (error) {
      mount(messages, errorBox(error));
    }
  };
  return h(
    'div',
    { class: 'alert alert-info', 'data-testid': 'cert-pending' },
    t('cert.pending'),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        'data-testid': 'cert-pending-retry',
        onclick: () => void retry(),
      },
      t('cert.retry'),
    ),
  );
}

function generateCard(user: User, messages: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const status = h('p', { class: 'hint', 'data-testid': 'cert-generate-status', 'aria-live': 'polite' });
  const button = h(
    'button',
    { type: 'button', class: 'btn btn-primary', 'data-testid': 'cert-generate' },
    t('cert.generate'),
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    mount(messages);
    try {
      status.textContent = t('cert.generating', { bits: RSA_BITS });
      const { keys, spki } = await generateKeyPair();
      const csrPem = await buildCsr(spki, keys.csrKey, user.displayName);
      const identity: StoredIdentity = {
        id: newIdentityId(),
        userId: user.id,
        partyId: user.partyId,
        source: 'generated',
        signKey: keys.signKey,
        decryptKey: keys.decryptKey,
        csrPem,
        certificatePem: null,
        serial: null,
        notBefore: null,
        notAfter: null,
        storedAt: new Date().toISOString(),
      };
      // Stored before the request: a certificate must never be issued for a key this device lost.
      await saveIdentity(identity);
      status.textContent = t('cert.requesting');
      await certify(identity, csrPem);
      status.textContent = '';
      mount(
        messages,
        h(
          'div',
          { class: 'alert alert-success', role: 'status', 'data-testid': 'cert-issued' },
          t('cert.issued'),
        ),
      );
      await reload();
    } catch (error) {
      status.textContent = '';
      mount(messages, localErrorBox(error, 'cert-error'));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('cert.generateTitle')),
    h('p', {}, t('cert.generateBody', { bits: RSA_BITS })),
    button,
    status,
  );
}

async function certify(identity: StoredIdentity, csrPem: string): Promise<void> {
  const issued = await bidsApi.requestCertificate(csrPem);
  await saveIdentity({
    ...identity,
    csrPem: null,
    certificatePem: issued.pem,
    serial: issued.serial,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
  });
}

function certificatesCard(certificates: CertificateView[], identities: StoredIdentity[]): HTMLElement {
  const here = new Set(identities.map((i) => i.serial));
  return h(
    'section',
    { class: 'card', 'data-testid': 'cert-list' },
    h('h2', {}, t('cert.all')),
    certificates.length === 0
      ? h('p', { class: 'empty' }, t('cert.noneIssued'))
      : h(
          'ul',
          { class: 'cert-list' },
          certificates.map((c) =>
            h(
              'li',
              { 'data-serial': c.serial },
              h('span', { class: 'mono' }, c.serial),
              ` ${formatDateTime(c.notBefore)} – ${formatDateTime(c.notAfter)} `,
              c.revokedAt ? h('span', { class: 'badge badge-rejected' }, t('cert.revokedBadge')) : null,
              here.has(c.serial) ? h('span', { class: 'badge badge-verified' }, t('cert.thisDevice')) : null,
            ),
          ),
        ),
  );
}
