/**
 * The bidder's keys on this device, in IndexedDB. Private keys are stored as non-extractable CryptoKeys
 * (structured clone keeps them non-extractable), so no script on the page, ours included, can read their
 * bytes back; the browser only lets it sign and decrypt with them.
 */

export type IdentitySource = 'generated' | 'pkcs12';

export interface StoredIdentity {
  id: string;
  userId: string;
  partyId: string | null;
  source: IdentitySource;
  /** RSA-PSS/SHA-256, for the bid signature. */
  signKey: CryptoKey;
  /** RSA-OAEP/SHA-256, for the bidder-decrypts path (the bidder unwraps its own content key). */
  decryptKey: CryptoKey;
  /** Kept until the certificate arrives, so a request lost on the way can be sent again. */
  csrPem: string | null;
  certificatePem: string | null;
  /** Lower-case hex, as the platform CA writes serials; null while the certificate is pending. */
  serial: string | null;
  notBefore: string | null;
  notAfter: string | null;
  storedAt: string;
}

const DB_NAME = 'yangguang-keys';
const STORE = 'identities';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('byUser', 'userId');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      // Resolve once the transaction is durable, not when the request alone succeeded.
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? request.error ?? new Error('IndexedDB failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export function saveIdentity(identity: StoredIdentity): Promise<IDBValidKey> {
  return run('readwrite', (store) => store.put(identity));
}

export function deleteIdentity(id: string): Promise<undefined> {
  return run('readwrite', (store) => store.delete(id));
}

/** Every identity of the user on this device, newest first. */
export async function identitiesOf(userId: string): Promise<StoredIdentity[]> {
  const all = await run('readonly', (store) => store.index('byUser').getAll(IDBKeyRange.only(userId)));
  return (all as StoredIdentity[]).sort((a, b) => b.storedAt.localeCompare(a.storedAt));
}

/** The key the user seals with on this device: the newest one that has its certificate. */
export async function currentIdentity(userId: string): Promise<StoredIdentity | null> {
  return (await identitiesOf(userId)).find((i) => i.certificatePem !== null) ?? null;
}

/** A generated key whose certificate request has not been answered yet (newer than the current key). */
export async function pendingIdentity(userId: string): Promise<StoredIdentity | null> {
  const [newest] = await identitiesOf(userId);
  return newest && newest.certificatePem === null ? newest : null;
}

export function newIdentityId(): string {
  return crypto.randomUUID();
}
