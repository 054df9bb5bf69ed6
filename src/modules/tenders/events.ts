import type { Revision } from '../../platform/events/revision.js';

/** The tender's lifecycle as domain events; notices, open data and supervision react to them. */
interface TenderEvent {
  tenderId: string;
  code: string;
  at: string;
}

declare module '../../platform/events.js' {
  interface DomainEvents {
    'tender.created': TenderEvent;
    /** A draft saved again: what changed, field by field (money in fen; long texts by digest). */
    'tender.updated': TenderEvent & { changes: Revision };
    /** A never-published draft thrown away with its sections and documents (删除草稿). */
    'tender.draft-deleted': TenderEvent;
    'tender.published': TenderEvent;
    'tender.clarified': TenderEvent & {
      number: number;
      kind: 'clarification' | 'amendment';
      deadlineMoved: boolean;
    };
    'tender.objection-raised': TenderEvent & { objectionId: string; partyId: string };
    'tender.objection-answered': TenderEvent & { objectionId: string };
    'tender.suspended': TenderEvent;
    'tender.resumed': TenderEvent;
    'tender.bidding-closed': TenderEvent;
    'tender.opening-started': TenderEvent;
    'tender.failed': TenderEvent;
    'tender.evaluation-started': TenderEvent;
    'tender.cancelled': TenderEvent & { reason: string };
  }
}

export type { TenderEvent };
