import { defineModule } from '../../platform/modules/contract.js';
import { initDocumentModels } from './models.js';
import { documentRoutes } from './routes.js';
import { DocumentsService } from './service.js';

/** Tender documents (招标文件): versioned uploads and recorded downloads. */
export const documentsModule = defineModule({
  name: 'documents',
  models: initDocumentModels,
  create: ({ config, db, audit, clock, events, blobs }, models, { tenders, parties }) =>
    new DocumentsService(models, {
      db,
      audit,
      clock,
      events,
      blobs,
      tenders,
      parties,
      maxBytes: config.DOCUMENT_MAX_MB * 2 ** 20,
    }),
  routes: (documents, { config, cluster }) =>
    documentRoutes(documents, {
      downloadsPerMinute: config.DOWNLOADS_PER_MINUTE,
      store: cluster.rateLimitStore('downloads'),
    }),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    documents: DocumentsService;
  }
}
