/**
 * Seal, then upload: the two steps after "加密并提交", each with its progress bar. The sealed Blob and its
 * Idempotency-Key stay together, so "retry" sends the same bytes under the same key and the platform
 * stores the bid once however often the connection broke.
 */
import { toHex } from '../../../../crypto/encoding.js';
import { ApiError } from '../../api.js';
import { bidsApi, type Submitted } from '../../bids-api.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { base64url, base64urlJson, clientDeviceHeader } from '../../keys/device.js';
import type { StoredIdentity } from '../../keys/key-store.js';
import type { TenderView } from '../../tender-types.js';
import { errorBox } from '../../ui.js';
import { localErrorBox } from './local-errors.js';
import { progressBar } from './progress.js';
import type { LocalFile } from './receipt-view.js';
import { sealBidInBrowser, type BidContent } from './seal.js';

/** Hashing needs the whole file in one WebCrypto call; beyond this the receipt is checked by size only. */
const MAX_LOCAL_HASH = 256 * 1024 * 1024;

export interface DepositAccount {
  bank: string;
  accountName: string;
  accountNumber: string;
}

export interface Submission {
  tender: TenderView;
  sectionId: string;
  identity: StoredIdentity;
  content: BidContent;
  deposit: DepositAccount | null;
}

/** Runs the submission in `area`; resolves with the server's answer, or null when it stopped on an error. */
export async function sealAndUpload(
  s: Submission,
  area: HTMLElement,
): Promise<{ submitted: Submitted; local: LocalFile } | null> {
  const sealing = progressBar(t('bid.sealing'), 'seal-progress');
  const uploading = progressBar(t('bid.uploading'), 'upload-progress');
  const messages = h('div', { class: 'messages', 'data-testid': 'submission-messages' });
  mount(area, sealing.element, uploading.element, messages);

  let sealed: Blob;
  try {
    sealed = await sealBidInBrowser(s.tender, s.sectionId, s.identity, s.content, sealing.update, new Date());
  } catch (error) {
    mount(messages, localErrorBox(error, 'submission-error'));
    return null;
  }
  const local: LocalFile = { size: sealed.size, sha256: await localDigest(sealed) };
  const idempotencyKey = base64url(crypto.getRandomValues(new Uint8Array(24)));

  return new Promise((resolve) => {
    const attempt = async (): Promise<void> => {
      mount(messages);
      try {
        const submitted = await bidsApi.submit({
          tenderId: s.tender.id,
          sectionId: s.sectionId,
          sealed,
          idempotencyKey,
          clientDevice: clientDeviceHeader(),
          depositAccount: s.deposit ? base64urlJson(s.deposit) : undefined,
          onProgress: uploading.update,
        });
        uploading.update(sealed.size, sealed.size);
        resolve({ submitted, local });
      } catch (error) {
        mount(messages, errorBox(error, 'submission-error'), detailOf(error));
        // A refusal (4xx) will not change on retry; a broken connection or a server failure may.
        if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) {
          messages.append(retryButton(attempt));
        } else {
          resolve(null);
        }
      }
    };
    void attempt();
  });
}

function retryButton(attempt: () => Promise<void>): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      'data-testid': 'upload-retry',
      onclick: () => void attempt(),
    },
    t('bid.retryUpload'),
  );
}

/** BID_MALFORMED says which format rule failed (a SealedBidError code): show it for support. */
function detailOf(error: unknown): HTMLElement | null {
  if (!(error instanceof ApiError)) return null;
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? h('small', { class: 'note mono' }, reason) : null;
}

async function localDigest(file: Blob): Promise<string | null> {
  if (file.size > MAX_LOCAL_HASH) return null;
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer())));
}
