import type { TenderEvent } from '../tenders/index.js';

/** A new document version; notices and the potential bidders' inboxes react to it. */
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
    /**
     * A bidder-side party obtained a document (anonymous downloads raise none). For supervision only: the
     * envelope's address feeds the same-ip screen; who downloaded stays secret until the deadline (EB Art.21),
     * and no public read shows this event.
     */
    'tender.document-downloaded': { tenderId: string; documentId: string; partyId: string };
  }
}
