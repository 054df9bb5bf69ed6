import { request, requestFile } from '../../api.js';

/** The award module's API (src/modules/award/routes.ts), as the tender page uses it. */
export interface Candidate {
  rank: number;
  bidId: string;
  bidderName: string;
  priceFen: number;
  score: number | null;
}

export interface SectionState {
  section: { id: string; code: string; name: string };
  stage: 'evaluating' | 'ready' | 'publicity' | 'ended' | 'awarded';
  report: { completedAt: string; candidates: Candidate[] } | null;
  limits: { latestStartAt: string; earliestEndAt: string } | null;
  publicity: { startsAt: string; endsAt: string; publishedAt: string } | null;
  openObjections: number;
  award: { bidderName: string; priceFen: number; confirmedAt: string; candidateRank: number } | null;
}

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

export interface Letter {
  id: string;
  kind: 'award' | 'result';
  sectionCode: string;
  sectionName: string;
  addresseeName: string;
  issuedAt: string;
}

export interface AwardRequest {
  candidateRank: number;
  passedOver: { rank: number; ground: string; reason: string }[];
}

const section = (tenderId: string, sectionId: string) => `/tenders/${tenderId}/sections/${sectionId}`;

export const awardApi = {
  overview: (tenderId: string) => request<{ sections: SectionState[] }>('GET', `/tenders/${tenderId}/award`),
  publish: (tenderId: string, sectionId: string, body: { startsAt?: string; endsAt: string }) =>
    request<SectionState>('POST', `${section(tenderId, sectionId)}/publicity`, body),
  object: (tenderId: string, sectionId: string, content: string) =>
    request<Objection>('POST', `${section(tenderId, sectionId)}/candidate-objections`, { content }),
  confirm: (tenderId: string, sectionId: string, body: AwardRequest) =>
    request<unknown>('POST', `${section(tenderId, sectionId)}/award`, body),
  objections: (tenderId: string) => request<{ items: Objection[] }>('GET', `/tenders/${tenderId}/objections`),
  answer: (tenderId: string, objectionId: string, answer: string) =>
    request<Objection>('POST', `/tenders/${tenderId}/objections/${objectionId}/answer`, { answer }),
  letters: (tenderId: string) => request<{ items: Letter[] }>('GET', `/tenders/${tenderId}/award-letters`),
  letterPdf: (letterId: string) => requestFile(`/api/v1/award-letters/${letterId}/pdf`),
};
