import type {
  ClockStopInput,
  ComplaintDecisionInput,
  ComplaintEvidenceView,
  ComplaintFilingInput,
  ComplaintList,
  ComplaintReviewInput,
  ComplaintStatus,
  ComplaintView,
  PublishedDecisionList,
} from '../../../../src/contracts/index.js';
import { request, requestFile } from '../../api.js';

export type {
  ClockStopKind,
  ComplaintConclusion,
  ComplaintStatus,
  ComplaintView,
  PublishedDecisionView,
} from '../../../../src/contracts/index.js';

const enc = encodeURIComponent;

/** The complaint endpoints (投诉): each page calls only those its reader's role may. */
export const complaintsApi = {
  list: async (status?: ComplaintStatus) =>
    (await request<ComplaintList>('GET', `/complaints${status ? `?status=${enc(status)}` : ''}`)).items,
  get: (id: string) => request<ComplaintView>('GET', `/complaints/${enc(id)}`),
  decisions: async () => (await request<PublishedDecisionList>('GET', '/complaints/decisions')).items,
  uploadEvidence: (file: File) =>
    request<ComplaintEvidenceView>('POST', `/complaints/evidence?name=${enc(file.name)}`, undefined, {
      data: file,
      type: file.type || 'application/octet-stream',
    }),
  file: (body: ComplaintFilingInput) => request<ComplaintView>('POST', '/complaints', body),
  evidenceFile: (id: string, evidenceId: string) =>
    requestFile(`/api/v1/complaints/${enc(id)}/evidence/${enc(evidenceId)}`),
  review: (id: string, body: ComplaintReviewInput) =>
    request<ComplaintView>('POST', `/complaints/${enc(id)}/review`, body),
  answer: (id: string, answer: string) =>
    request<ComplaintView>('POST', `/complaints/${enc(id)}/answer`, { answer }),
  stopClock: (id: string, body: ClockStopInput) =>
    request<ComplaintView>('POST', `/complaints/${enc(id)}/clock-stops`, body),
  resumeClock: (id: string) => request<ComplaintView>('POST', `/complaints/${enc(id)}/clock-resumption`),
  decide: (id: string, body: ComplaintDecisionInput) =>
    request<ComplaintView>('POST', `/complaints/${enc(id)}/decision`, body),
  withdraw: (id: string, reason: string) =>
    request<ComplaintView>('POST', `/complaints/${enc(id)}/withdrawal`, { reason }),
};
