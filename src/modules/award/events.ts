/**
 * The award module's domain events (docs/design.md §13). Contract and performance (the next stage) start
 * from 'award.confirmed' and `awardFor(sectionId)`.
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    /** A section's candidates are published (中标候选人公示, SS Art.54). */
    'award.publicity-published': {
      tenderId: string;
      sectionId: string;
      publicityId: string;
      reportId: string;
      startsAt: string;
      endsAt: string;
    };
    /** A section's winner is confirmed (定标) and its letters issued; noticeAt is the 中标通知书's time. */
    'award.confirmed': {
      tenderId: string;
      sectionId: string;
      awardId: string;
      bidId: string;
      priceFen: number;
      noticeAt: string;
      /** The refused award this one replaces, when the next candidate is awarded (SS Art.55). */
      supersedes?: string;
      /** The refused award's bid (the winner that refused), beside `supersedes`. */
      supersededBidId?: string;
    };
  }
}

export {};
