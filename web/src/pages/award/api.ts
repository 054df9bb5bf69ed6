import type { AwardLetter, AwardRequest, AwardSectionState } from '../../../../src/contracts/index.js';
import { request, requestFile } from '../../api.js';

/** The award module's API (src/modules/award/routes.ts), as the tender page uses it. */
export type {
  AwardCandidate as Candidate,
  AwardLetter as Letter,
  AwardRequest,
  AwardSectionState as SectionState,
} from '../../../../src/contracts/index.js';

export interface Objection {
  id: string;
  content: string;
  submittedAt: string;
  answerDueAt: string;
  answer: string | null;
  answeredAt: string | null;
  stage: 'documents' | 'candidates';
  sectionId: string | null;
}

const section = (tenderId: string, sectionId: string) => `/tenders/${tenderId}/sections/${sectionId}`;

export const awardApi = {
  overview: (tenderId: string) =>
    request<{ sections: AwardSectionState[] }>('GET', `/tenders/${tenderId}/award`),
  publish: (tenderId: string, sectionId: string, body: { startsAt?: string; endsAt: string }) =>
    request<AwardSectionState>('POST', `${section(tenderId, sectionId)}/publicity`, body),
  object: (tenderId: string, sectionId: string, content: string) =>
    request<Objection>('POST', `${section(tenderId, sectionId)}/candidate-objections`, { content }),
  confirm: (tenderId: string, sectionId: string, body: AwardRequest) =>
    request<unknown>('POST', `${section(tenderId, sectionId)}/award`, body),
  objections: (tenderId: string) => request<{ items: Objection[] }>('GET', `/tenders/${tenderId}/objections`),
  answer: (tenderId: string, objectionId: string, answer: string) =>
    request<Objection>('POST', `/tenders/${tenderId}/objections/${objectionId}/answer`, { answer }),
  letters: (tenderId: string) =>
    request<{ items: AwardLetter[] }>('GET', `/tenders/${tenderId}/award-letters`),
  letterPdf: (letterId: string) => requestFile(`/api/v1/award-letters/${letterId}/pdf`),
};
