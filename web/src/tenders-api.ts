import { query, request } from './api.js';
import type {
  Category,
  ClarificationKind,
  DeadlinePreview,
  DocumentVersion,
  Notice,
  NoticeKind,
  TenderDocument,
  TenderInput,
  TenderStatus,
  TenderView,
  Violation,
} from './tender-types.js';
import type { Page } from './types.js';

export interface NoticeQuery {
  region?: string;
  category?: Category;
  status?: TenderStatus;
  kind?: NoticeKind;
  from?: string;
  to?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface ClarificationRequest {
  kind: ClarificationKind;
  title: string;
  body: string;
  bidDeadline?: string;
  confirmBidDeadline: string;
}

export interface Saved {
  tender: TenderView;
  violations: Violation[];
}

const tender = (id: string) => `/tenders/${encodeURIComponent(id)}`;

export const tendersApi = {
  listManaged: () => request<{ items: TenderView[] }>('GET', '/tenders'),
  get: (id: string) => request<TenderView>('GET', tender(id)),
  create: (input: TenderInput) => request<Saved>('POST', '/tenders', input),
  update: (id: string, input: TenderInput) => request<Saved>('PUT', tender(id), input),
  check: (id: string) => request<{ ok: boolean; violations: Violation[] }>('POST', `${tender(id)}/check`),
  publish: (id: string) => request<TenderView>('POST', `${tender(id)}/publication`),
  deleteDraft: (id: string) => request<void>('DELETE', tender(id)),
  cancel: (id: string, reason: string) =>
    request<TenderView>('POST', `${tender(id)}/cancellation`, { reason }),
  previewClarification: (id: string, kind: ClarificationKind, bidDeadline?: string) =>
    request<DeadlinePreview>('POST', `${tender(id)}/clarifications/preview`, { kind, bidDeadline }),
  clarify: (id: string, body: ClarificationRequest) =>
    request<DeadlinePreview & { number: number }>('POST', `${tender(id)}/clarifications`, body),
  documents: async (id: string) =>
    (await request<{ items: TenderDocument[] }>('GET', `${tender(id)}/documents`)).items,
  /** A draft's documents change freely; a published tender's only with an amendment already issued. */
  upload: (id: string, file: File, amendment?: number) =>
    request<DocumentVersion>(
      'POST',
      `${tender(id)}/documents${query({ name: file.name, amendment })}`,
      undefined,
      {
        data: file,
        type: file.type || 'application/octet-stream',
      },
    ),
  notices: (q: NoticeQuery) => request<Page<Notice>>('GET', `/notices${query(q)}`),
};
