import type { NoticeKind } from './kinds.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    /** A notice went public (after its tender's transaction committed), e.g. for a live portal. */
    'notice.published': { noticeId: string; tenderId: string; kind: NoticeKind; title: string };
  }
}
