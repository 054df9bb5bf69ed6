import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { bidsApi } from '../../bids-api.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { buildCsr, generateKeyPair, RSA_BITS } from '../../keys/generate.js';
import {
  currentIdentity,
  newIdentityId,
  pendingIdentity,
  saveIdentity,
  type StoredIdentity,
} from '../../keys/key-store.js';
import type { User } from '../../types.js';
import { ErrorNote } from './common.js';

type KeyState =
  | { state: 'loading' }
  | { state: 'none'; pending: StoredIdentity | null }
  | { state: 'ready'; identity: StoredIdentity };

/** The member's signing key on this device (IndexedDB, non-extractable), loaded once per page. */
export const signingKey = signal<KeyState>({ state: 'loading' });
const keyError = signal<unknown>(null);
const working = signal<string>('');

async function loadKey(user: User): Promise<void> {
  try {
    const identity = await currentIdentity(user.id);
    const usable = identity && (!identity.notAfter || Date.parse(identity.notAfter) > Date.now());
    signingKey.value =
      identity && usable
        ? { state: 'ready', identity }
        : { state: 'none', pending: await pendingIdentity(user.id) };
  } catch (error) {
    keyError.value = error;
    signingKey.value = { state: 'none', pending: null };
  }
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

/** Makes a key in this browser and has the platform CA certify it, as bidders do on 我的证书. */
async function createKey(user: User): Promise<void> {
  keyError.value = null;
  try {
    working.value = t('cert.generating', { bits: RSA_BITS });
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
    working.value = t('cert.requesting');
    await certify(identity, csrPem);
  } catch (error) {
    keyError.value = error;
  } finally {
    working.value = '';
    await loadKey(user);
  }
}

async function retryPending(user: User, pending: StoredIdentity): Promise<void> {
  keyError.value = null;
  try {
    working.value = t('cert.requesting');
    await certify(pending, pending.csrPem ?? '');
  } catch (error) {
    keyError.value = error;
  } finally {
    working.value = '';
    await loadKey(user);
  }
}

/**
 * Where the member's signing key stands. Without one the page explains why one is needed (every
 * declaration and sheet is signed) and makes it here, in the browser, with the platform's certificate.
 */
export function KeyGate({ user }: { user: User }) {
  useEffect(() => {
    void loadKey(user);
  }, [user.id]);
  const key = signingKey.value;
  if (key.state === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (key.state === 'ready')
    return (
      <p class="muted evaluation-key" data-testid="evaluation-key-ready">
        {t('evaluation.key.ready', {
          serial: key.identity.serial ?? '',
          until: formatDateTime(key.identity.notAfter),
        })}
      </p>
    );
  const busy = working.value !== '';
  return (
    <section class="card alert-warn evaluation-key" data-testid="evaluation-key-missing">
      <h2>{t('evaluation.key.title')}</h2>
      <p>{t('evaluation.key.why')}</p>
      {key.pending ? (
        <button
          type="button"
          class="btn"
          disabled={busy}
          data-testid="evaluation-key-retry"
          onClick={() => void retryPending(user, key.pending!)}
        >
          {t('cert.retry')}
        </button>
      ) : null}{' '}
      <button
        type="button"
        class="btn btn-primary"
        disabled={busy}
        data-testid="evaluation-key-create"
        onClick={() => void createKey(user)}
      >
        {t('evaluation.key.create')}
      </button>
      <p class="hint" aria-live="polite" data-testid="evaluation-key-status">
        {working.value}
      </p>
      <ErrorNote error={keyError.value} testId="evaluation-key-error" />
    </section>
  );
}

/** The identity to sign with, or null when the member has none yet (the KeyGate says what to do). */
export function readyIdentity(): StoredIdentity | null {
  const key = signingKey.value;
  return key.state === 'ready' ? key.identity : null;
}
