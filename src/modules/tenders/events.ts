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
    /** `stage` 'candidates' with its section for an objection to a section's candidates (SS Art.54). */
    'tender.objection-raised': TenderEvent & {
      objectionId: string;
      partyId: string;
      stage?: 'documents' | 'candidates';
      sectionId?: string;
    };
    'tender.objection-answered': TenderEvent & { objectionId: string };
    'tender.suspended': TenderEvent;
    'tender.resumed': TenderEvent;
    'tender.bidding-closed': TenderEvent;
    'tender.opening-started': TenderEvent;
    'tender.failed': TenderEvent;
    'tender.evaluation-started': TenderEvent;
    /** The first section's candidates are published (中标候选人公示, the award module). */
    'tender.publicity-started': TenderEvent;
    /** Every evaluated section has its confirmed winner (定标). */
    'tender.awarded': TenderEvent;
    /** Every awarded section has its signed contract (the contract module). */
    'tender.contracted': TenderEvent;
    /** The first performance record of a contract. */
    'tender.performance-started': TenderEvent;
    /** Every contract accepted or terminated. */
    'tender.closed': TenderEvent;
    'tender.cancelled': TenderEvent & { reason: string };
  }
}

export type { TenderEvent };
