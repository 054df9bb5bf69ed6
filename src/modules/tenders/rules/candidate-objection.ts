import type { Violation } from './rule.js';

/**
 * SS Art.54: an objection to the evaluation result (the candidates) is raised during the publicity period
 * (应当在中标候选人公示期间提出), from its start up to, not including, its end; it is answered within 3 days
 * (objectionAnswerDue in objection-window.ts), and the award waits for the answer.
 */
export interface PublicityWindow {
  startsAt: Date;
  endsAt: Date;
}

export function candidateObjectionWindow(publicity: PublicityWindow, raisedAt: Date): Violation[] {
  if (raisedAt >= publicity.startsAt && raisedAt < publicity.endsAt) return [];
  const early = raisedAt < publicity.startsAt;
  return [
    {
      code: early ? 'PUBLICITY_NOT_STARTED' : 'PUBLICITY_ENDED',
      field: 'content',
      message: early
        ? 'Objections to the candidates open when their publicity starts'
        : 'Objections to the candidates closed when their publicity ended',
      params: { startsAt: publicity.startsAt.toISOString(), endsAt: publicity.endsAt.toISOString() },
    },
  ];
}
