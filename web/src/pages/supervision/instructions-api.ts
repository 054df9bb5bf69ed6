import type { TenderInstructions } from '../../../../src/contracts/index.js';
import { request } from '../../api.js';

export type { InstructionView, TenderInstructions } from '../../../../src/contracts/index.js';

/** What a supervisor orders on a tender; each one states a reason. */
export type InstructionOrder = 'suspension' | 'resumption';

export const instructionsApi = {
  /** The hold and the history: the parties concerned and supervisors may read it. */
  list: (tenderId: string) =>
    request<TenderInstructions>('GET', `/tenders/${encodeURIComponent(tenderId)}/instructions`),
  issue: (tenderId: string, order: InstructionOrder, reason: string) =>
    request<TenderInstructions>('POST', `/supervision/tenders/${encodeURIComponent(tenderId)}/${order}`, {
      reason,
    }),
  /** 责令重新评审: the concluded evaluation goes back to its committee for scoring. */
  reEvaluate: (evaluationId: string, reason: string) =>
    request<TenderInstructions>(
      'POST',
      `/supervision/evaluations/${encodeURIComponent(evaluationId)}/re-evaluation`,
      { reason },
    ),
};
