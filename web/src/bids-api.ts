/** The bids API (notes/bids-contract.md) and the certificate calls the bidder's key pages need. */
import { apiFailure, ApiError, authHeaders, request } from './api.js';
import type { SignedBidReceipt } from '../../crypto/receipt.js';
import type { BidView, CertificateView, Submitted, Withdrawn } from '../../src/contracts/index.js';

export type { SignedBidReceipt } from '../../crypto/receipt.js';

export type { BidView, CertificateView, Submitted, Withdrawn } from '../../src/contracts/index.js';

export interface UploadRequest {
  tenderId: string;
  sectionId: string;
  sealed: Blob;
  /** One key per sealed file: a retry of the same file sends the same key, so it is stored once. */
  idempotencyKey: string;
  clientDevice: string;
  depositAccount?: string;
  onProgress: (sent: number, total: number) => void;
}

export const SEALED_BID_TYPE = 'application/vnd.yangguang.sealed-bid';

const bid = (id: string) => `/bids/${encodeURIComponent(id)}`;

export const bidsApi = {
  myBids: async () => (await request<{ items: BidView[] }>('GET', '/my/bids')).items,
  get: (id: string) => request<BidView>('GET', bid(id)),
  receipt: (id: string) => request<SignedBidReceipt>('GET', `${bid(id)}/receipt`),
  withdraw: (id: string) => request<Withdrawn>('POST', `${bid(id)}/withdrawal`),
  ca: () => request<{ rootCertificatePem: string; platformSigningCertificatePem: string }>('GET', '/ca'),
  requestCertificate: (csrPem: string) => request<CertificateView>('POST', '/certificates', { csrPem }),
  myCertificates: async () => (await request<{ items: CertificateView[] }>('GET', '/certificates')).items,
  submit: uploadSealedBid,
};

/** fetch() has no upload progress; XMLHttpRequest does. The body is the sealed Blob, sent as it is. */
function uploadSealedBid(r: UploadRequest): Promise<Submitted> {
  const url = `/api/v1/tenders/${encodeURIComponent(r.tenderId)}/sections/${encodeURIComponent(r.sectionId)}/bids`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', SEALED_BID_TYPE);
    xhr.setRequestHeader('Idempotency-Key', r.idempotencyKey);
    xhr.setRequestHeader('X-Client-Device', r.clientDevice);
    if (r.depositAccount) xhr.setRequestHeader('X-Deposit-Account', r.depositAccount);
    xhr.upload.onprogress = (event) =>
      r.onProgress(event.loaded, event.lengthComputable ? event.total : r.sealed.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as Submitted);
      else reject(apiFailure(xhr.status, xhr.statusText, xhr.response));
    };
    const network = () => reject(new ApiError(0, 'NETWORK', 'upload interrupted', undefined, ''));
    xhr.onerror = network;
    xhr.onabort = network;
    xhr.ontimeout = network;
    xhr.send(r.sealed);
  });
}
