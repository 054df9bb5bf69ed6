import { rateLimit, type Store } from 'express-rate-limit';
import { AppError } from '../../platform/errors.js';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { withRequestBody } from '../../platform/http/request-body.js';
import { documentContentType, sendDocument } from './http.js';
import {
  documentIdParams,
  documentList,
  documentVersion,
  downloadReport,
  tenderIdParams,
  uploadQuery,
} from './schemas.js';
import type { DocumentsService } from './service.js';
import { contentUrl } from './views.js';

/** Downloads are free and anonymous (EB Art.20) and each one writes a row, so they are limited per address. */
const downloadLimiter = (perMinute: number, store: Store | undefined) =>
  rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    store,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError(429, 'RATE_LIMITED', 'Too many downloads from this address; try again in a minute');
    },
  });

export function documentRoutes(
  documents: DocumentsService,
  /** `store`: the cluster's shared counters (several nodes), else this node's memory. */
  limits: { downloadsPerMinute: number; store?: Store },
): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/tenders/:id/documents',
      summary:
        'Upload a tender document (招标文件) version: the body is the file itself (its own Content-Type or ' +
        'application/octet-stream), its name in ?name=; the same name again is the next version. A published ' +
        'tender changes documents only with an amendment (?amendment=N)',
      tags: ['documents'],
      access: ['tenderee', 'agency'],
      params: tenderIdParams,
      query: uploadQuery,
      status: 201,
      response: documentVersion,
      errors: {
        400: 'UPLOAD_INCOMPLETE',
        404: 'NOT_FOUND',
        409: 'AMENDMENT_REQUIRED | TENDER_CLOSED',
        413: 'DOCUMENT_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE',
        422: 'VALIDATION_FAILED | DOCUMENT_EMPTY',
      },
      handler: async ({ ctx, params, query, req, res }) => {
        const contentType = documentContentType(req.headers['content-type']);
        const length = req.headers['content-length'];
        const version = await withRequestBody(req, (open) =>
          documents.upload(ctx, params.id, {
            ...query,
            contentType,
            declaredLength: length === undefined ? null : Number(length),
            body: open,
          }),
        );
        res.location(contentUrl(version.id));
        return version;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/documents',
      summary: "A tender's documents: each name with its latest version and its history",
      tags: ['documents'],
      access: 'public',
      params: tenderIdParams,
      response: documentList,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => documents.list(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:documentId/content',
      summary:
        'Download a document version, free and without registration (EB Art.20); the file itself, with ' +
        'ETag = its SHA-256. Who downloads is recorded, and kept secret until the bid deadline (EB Art.21)',
      tags: ['documents'],
      access: 'public',
      middleware: [downloadLimiter(limits.downloadsPerMinute, limits.store)],
      params: documentIdParams,
      errors: { 404: 'NOT_FOUND', 429: 'RATE_LIMITED' },
      handler: async ({ ctx, params, req, res }) => {
        const record = req.method === 'GET';
        const { document, content } = await documents.obtain(ctx, params.documentId, { record });
        await sendDocument(req, res, document, content);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/downloads',
      summary:
        'Who downloaded the documents and how many did: supervisors at any time, the tenderee and its ' +
        'agency only after the bid deadline (EB Art.21)',
      tags: ['documents'],
      access: ['supervisor', 'tenderee', 'agency'],
      params: tenderIdParams,
      response: downloadReport,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => documents.downloads(actor, params.id),
    }),
  ];
}
