import { request, requestFile } from '../../api.js';
import type { ClarificationAnswerBody, EvaluationClarification, EvaluationSummary } from './types.js';

const enc = encodeURIComponent;

export const evaluationApi = {
  /** The evaluations the caller takes part in or supervises. */
  list: async () => (await request<{ items: EvaluationSummary[] }>('GET', '/evaluations')).items,
  /** The bidder's clarification questions (its party's bids). */
  clarifications: async () =>
    (await request<{ items: EvaluationClarification[] }>('GET', '/evaluation-clarifications')).items,
  answer: (id: string, body: ClarificationAnswerBody) =>
    request<EvaluationClarification>('POST', `/evaluation-clarifications/${enc(id)}/answer`, body),
  /** One attachment of an opened bid, read by a member of the running evaluation (the read is audited). */
  attachment: (bidId: string, index: number) =>
    requestFile(`/api/v1/bids/${enc(bidId)}/opened/attachments/${index}`),
};
