import type { z } from 'zod';
import type { TenderView } from '../tenders/index.js';
import { LETTER_TITLES, payloadOf } from './letters.js';
import type {
  Award,
  AwardLetter,
  AwardPublicity,
  AwardReport,
  PassedOver,
  StoredCandidate,
} from './models.js';
import type { letterSchema, sectionStateSchema } from './schemas.js';

export type SectionState = z.output<typeof sectionStateSchema>;
export type LetterView = z.output<typeof letterSchema>;

export function awardView(a: Award) {
  return {
    id: a.id,
    sectionId: a.sectionId,
    bidId: a.bidId,
    bidderName: a.bidderName,
    candidateRank: a.candidateRank,
    priceFen: a.priceFen,
    passedOver: JSON.parse(a.passedOver) as PassedOver[],
    confirmedAt: a.confirmedAt.toISOString(),
    noticeId: a.noticeId,
  };
}

export function sectionStateView(s: {
  section: TenderView['sections'][number];
  report: AwardReport | null;
  limits: { latestStartAt: Date; earliestEndAt: Date } | null;
  publicity: AwardPublicity | null;
  openObjections: number;
  award: Award | null;
  now: Date;
}): SectionState {
  const stage: SectionState['stage'] = s.award
    ? 'awarded'
    : s.publicity
      ? s.now < s.publicity.endsAt
        ? 'publicity'
        : 'ended'
      : s.report || s.limits
        ? 'ready'
        : 'evaluating';
  return {
    section: { id: s.section.id, code: s.section.code, name: s.section.name },
    stage,
    report: s.report
      ? {
          completedAt: s.report.completedAt.toISOString(),
          // The bidder's party stays inside: the page names bidders, never their ids.
          candidates: (JSON.parse(s.report.candidates) as StoredCandidate[]).map(
            ({ bidderPartyId: _party, ...c }) => c,
          ),
        }
      : null,
    limits: s.limits
      ? {
          latestStartAt: s.limits.latestStartAt.toISOString(),
          earliestEndAt: s.limits.earliestEndAt.toISOString(),
        }
      : null,
    publicity: s.publicity
      ? {
          startsAt: s.publicity.startsAt.toISOString(),
          endsAt: s.publicity.endsAt.toISOString(),
          publishedAt: s.publicity.publishedAt.toISOString(),
          noticeId: s.publicity.noticeId,
        }
      : null,
    openObjections: s.openObjections,
    award: s.award ? awardView(s.award) : null,
  };
}

export function letterView(l: AwardLetter, superseded: boolean): LetterView {
  const p = payloadOf(l);
  return {
    id: l.id,
    kind: l.kind,
    title: LETTER_TITLES[l.kind],
    sectionCode: p.section.code,
    sectionName: p.section.name,
    addresseeName: p.addressee.name,
    winnerName: p.winner.name,
    priceFen: p.winner.priceFen,
    issuedAt: l.issuedAt.toISOString(),
    fingerprint: l.fingerprint,
    superseded,
  };
}
