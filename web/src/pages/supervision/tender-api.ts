import type {
  AlertResolutionInput,
  DownloadReportView,
  EvaluationSummary,
  SupervisedBidsView,
  SupervisionAlertList,
  SupervisionAlertStatus,
  SupervisionAlertView,
  TenderTimelineView,
} from '../../../../src/contracts/index.js';
import { request } from '../../api.js';

export type {
  AlertConclusion,
  DownloadReportView,
  EvaluationSummary,
  SupervisedBidsView,
  SupervisionAlertStatus,
  SupervisionAlertView,
  TenderTimelineEntry,
  TenderTimelineView,
  TimelineLinkKind,
} from '../../../../src/contracts/index.js';

const enc = encodeURIComponent;

/** The supervisors' reads and steps behind the alerts page and a tender's supervision view. */
export const supervisionApi = {
  alerts: async (query: { status?: SupervisionAlertStatus; tenderId?: string } = {}) => {
    const search = new URLSearchParams();
    if (query.status) search.set('status', query.status);
    if (query.tenderId) search.set('tenderId', query.tenderId);
    const text = search.toString();
    return (await request<SupervisionAlertList>('GET', `/supervision/alerts${text ? `?${text}` : ''}`)).items;
  },
  alert: (id: string) => request<SupervisionAlertView>('GET', `/supervision/alerts/${enc(id)}`),
  acknowledge: (id: string) =>
    request<SupervisionAlertView>('POST', `/supervision/alerts/${enc(id)}/acknowledgement`),
  resolve: (id: string, body: AlertResolutionInput) =>
    request<SupervisionAlertView>('POST', `/supervision/alerts/${enc(id)}/resolution`, body),
  timeline: (tenderId: string, cursor?: string) =>
    request<TenderTimelineView>(
      'GET',
      `/supervision/tenders/${enc(tenderId)}/timeline?limit=500${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  bids: (tenderId: string) => request<SupervisedBidsView>('GET', `/tenders/${enc(tenderId)}/bids`),
  downloads: (tenderId: string) => request<DownloadReportView>('GET', `/tenders/${enc(tenderId)}/downloads`),
  /** Every evaluation a supervisor watches: the tender's own give the links into its evaluation rooms. */
  evaluations: async () => (await request<{ items: EvaluationSummary[] }>('GET', '/evaluations')).items,
};
