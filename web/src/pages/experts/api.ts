/** The expert pool and draw API (issue 6), typed as the server's schemas (src/modules/experts/*schemas.ts). */
import { query, request } from '../../api.js';
import type {
  Draw,
  DrawRequestInput,
  Expert,
  ExpertDetail,
  ExpertStatus,
  InboxMessage,
  Invitation,
  Sanction,
  SanctionAction,
  Verdict,
} from '../../../../src/contracts/index.js';
import { allOf } from '../../contract-lists.js';
import type { Page } from '../../types.js';

export type {
  Draw,
  DrawCounts,
  DrawMember,
  DrawRequestInput,
  DrawSlot,
  DrawStatus,
  Expert,
  ExpertDetail,
  ExpertStatus,
  InboxMessage,
  Invitation,
  MemberStatus,
  Sanction,
  SanctionAction,
  Verdict,
} from '../../../../src/contracts/index.js';
export const EXPERT_STATUSES = allOf<ExpertStatus>()(['active', 'suspended', 'removed']);

export interface CatalogEntry {
  code: string;
  level: 1 | 2 | 3 | 4;
  category: 'A' | 'B' | 'C';
  name: string;
  parent: string | null;
}

export interface ExpertQuery {
  status?: ExpertStatus;
  specialty?: string;
  region?: string;
  employerUscc?: string;
  q?: string;
  minCredit?: string;
  cursor?: string;
  limit?: number;
}

export interface ImportProblem {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

export interface ImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
  changes: {
    line: number;
    action: 'create' | 'update' | 'unchanged';
    name: string;
    idNumber: string;
    fields: string[];
    expertId: string;
  }[];
}

const expert = (id: string) => `/experts/${encodeURIComponent(id)}`;
const draw = (id: string) => `/expert-draws/${encodeURIComponent(id)}`;

/** A CSV file goes as the raw body (text/csv); JSON is parsed here so the server gets an array. */
async function importBody(file: File): Promise<{ body?: unknown; raw?: { data: Blob; type: string } }> {
  if (/\.json$/i.test(file.name) || file.type === 'application/json') {
    return { body: JSON.parse(await file.text()) as unknown };
  }
  return { raw: { data: file, type: 'text/csv' } };
}

export const expertsApi = {
  catalog: async () => (await request<{ items: CatalogEntry[] }>('GET', '/expert-catalog')).items,
  list: (q: ExpertQuery) => request<Page<Expert>>('GET', `/experts${query(q)}`),
  get: (id: string) => request<ExpertDetail>('GET', expert(id)),
  importFile: async (file: File, preview: boolean) => {
    const { body, raw } = await importBody(file);
    return request<ImportResult>('POST', `/expert-imports${preview ? '/preview' : ''}`, body, raw);
  },
  sanction: (id: string, action: SanctionAction, reason: string) =>
    request<Sanction>('POST', `${expert(id)}/sanctions`, { action, reason }),

  me: () => request<ExpertDetail>('GET', '/experts/me'),
  updateMe: (change: { phone?: string; title?: string }) =>
    request<ExpertDetail>('PATCH', '/experts/me', change),
  setUnavailableDays: (days: string[]) =>
    request<ExpertDetail>('PUT', '/experts/me/unavailable-days', { days }),
  declareConflict: (partyUscc: string, relation: string) =>
    request<ExpertDetail>('POST', '/experts/me/conflicts', { partyUscc, relation }),
  withdrawConflict: (id: string) =>
    request<ExpertDetail>('DELETE', `/experts/me/conflicts/${encodeURIComponent(id)}`),
  invitations: async () => (await request<{ items: Invitation[] }>('GET', '/experts/me/invitations')).items,
  inbox: (cursor?: string) =>
    request<Page<InboxMessage>>('GET', `/experts/me/inbox${query({ cursor, limit: 20 })}`),
  markRead: (id: string) => request<InboxMessage>('POST', `/experts/me/inbox/${encodeURIComponent(id)}/read`),
};

export const drawsApi = {
  request: (tenderId: string, input: DrawRequestInput) =>
    request<Draw>('POST', `/tenders/${encodeURIComponent(tenderId)}/expert-draws`, input),
  ofTender: async (tenderId: string) =>
    (await request<{ items: Draw[] }>('GET', `/tenders/${encodeURIComponent(tenderId)}/expert-draws`)).items,
  mine: async () => (await request<{ items: Draw[] }>('GET', '/expert-draws')).items,
  get: (id: string) => request<Draw>('GET', draw(id)),
  witness: (id: string, entropy: string) => request<Draw>('POST', `${draw(id)}/witness`, { entropy }),
  run: (id: string) => request<Draw>('POST', `${draw(id)}/run`),
  respond: (id: string, decision: 'confirm' | 'decline', reason?: string) =>
    request<Draw>('POST', `${draw(id)}/response`, { decision, reason }),
  announce: (id: string) => request<Draw>('POST', `${draw(id)}/announcement`),
  record: (id: string) => request<Record<string, unknown>>('GET', `${draw(id)}/record`),
  verification: (id: string) => request<Verdict>('GET', `${draw(id)}/verification`),
};
