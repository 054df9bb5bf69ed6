/** Importing a PKCS#12 file (.p12/.pfx) with its password into this device's key store. */
import { certificateInfo } from '../../../../crypto/certificate-info.js';
import { bidsApi } from '../../bids-api.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { newIdentityId, saveIdentity } from '../../keys/key-store.js';
import { openPkcs12, Pkcs12Error } from '../../keys/pkcs12.js';
import type { User } from '../../types.js';
import { field } from '../../ui.js';
import { localErrorBox } from './local-errors.js';

export function pkcs12Card(user: User, messages: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const file = h('input', {
    type: 'file',
    name: 'p12',
    accept: '.p12,.pfx,application/x-pkcs12',
    'data-testid': 'p12-file',
  });
  const password = h('input', {
    type: 'password',
    name: 'p12password',
    autocomplete: 'off',
    'data-testid': 'p12-password',
  });
  const button = h('button', { type: 'submit', class: 'btn', 'data-testid': 'p12-import' }, t('cert.import'));
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h2', {}, t('cert.importTitle')),
    h('p', {}, t('cert.importBody')),
    field(t('cert.p12File'), file),
    field(t('cert.p12Password'), password),
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    button.disabled = true;
    mount(messages);
    try {
      const { keys, certificatePem } = await openPkcs12(chosen, password.value);
      const facts = certificateFacts(certificatePem);
      // Only a certificate the platform issued to this user, still unrevoked, can sign this user's bids.
      const own = (await bidsApi.myCertificates()).find((c) => c.serial === facts.serial);
      if (!own || own.revokedAt) throw new Pkcs12Error('P12_NOT_YOURS');
      await saveIdentity({
        id: newIdentityId(),
        userId: user.id,
        partyId: user.partyId,
        source: 'pkcs12',
        signKey: keys.signKey,
        decryptKey: keys.decryptKey,
        csrPem: null,
        certificatePem,
        ...facts,
        storedAt: new Date().toISOString(),
      });
      mount(
        messages,
        h(
          'div',
          { class: 'alert alert-success', role: 'status', 'data-testid': 'p12-imported' },
          t('cert.imported'),
        ),
      );
      form.reset();
      await reload();
    } catch (error) {
      mount(messages, localErrorBox(error, 'cert-error'));
    } finally {
      password.value = '';
      button.disabled = false;
    }
  });
  return form;
}

/** Serial and validity of a certificate PEM, as the key store keeps them. */
function certificateFacts(pem: string) {
  const info = certificateInfo(pem);
  return {
    serial: info.serialHex,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
  };
}
