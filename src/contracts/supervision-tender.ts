import type { z } from 'zod';
import type { supervisedBids } from '../modules/bids/schemas.js';
import type { downloadReport } from '../modules/documents/schemas.js';
import type { alertList, alertView, resolutionBody } from '../modules/supervision/schemas.js';
import type { timelineEntry, timelineView } from '../modules/supervision/timeline/schemas.js';

/** A red-flag alert as supervisors read it (GET /supervision/alerts, /supervision/alerts/:id). */
export type SupervisionAlertView = z.output<typeof alertView>;
export type SupervisionAlertList = z.output<typeof alertList>;
export type SupervisionAlertStatus = SupervisionAlertView['status'];
export type AlertConclusion = NonNullable<SupervisionAlertView['conclusion']>;
export type AlertResolutionInput = z.input<typeof resolutionBody>;

/** One tender's audited steps (GET /supervision/tenders/:id/timeline). */
export type TenderTimelineView = z.output<typeof timelineView>;
export type TenderTimelineEntry = z.output<typeof timelineEntry>;
export type TimelineLinkKind = TenderTimelineEntry['link']['kind'];

/** Who bid, from where (GET /tenders/:id/bids, supervisors). */
export type SupervisedBidsView = z.output<typeof supervisedBids>;
/** Who downloaded the documents (GET /tenders/:id/downloads). */
export type DownloadReportView = z.output<typeof downloadReport>;
