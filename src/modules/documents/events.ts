import type { TenderEvent } from '../tenders/index.js';

/** A new document version; notices and the potential bidders' inboxes react to it. Downloads raise none (EB Art.21). */
declare module '../../platform/events.js' {
  interface DomainEvents {
    'tender.document-uploaded': TenderEvent & {
      documentId: string;
      name: string;
      version: number;
      sha256: string;
      size: number;
      amendment: number | null;
    };
  }
}
