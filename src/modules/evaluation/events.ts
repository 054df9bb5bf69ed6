import type { EvaluationStep } from './models.js';

interface EvaluationEvent {
  tenderId: string;
  sectionId: string;
  evaluationId: string;
}

/**
 * The evaluation's domain events (docs/design.md §14 lists the stream's contract). None carries a score:
 * subjective scores stay with their member until every member has submitted, and the stream is read by other
 * modules (supervision reads `evaluation.deviation-flagged` and the step changes).
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    'evaluation.created': EvaluationEvent & { bids: number; members: number };
    'evaluation.member-joined': EvaluationEvent & { memberId: string; kind: 'expert' | 'representative' };
    'evaluation.member-replaced': EvaluationEvent & { memberId: string; reason: string };
    'evaluation.leader-elected': EvaluationEvent & { memberId: string };
    'evaluation.step-changed': EvaluationEvent & { from: EvaluationStep; to: EvaluationStep };
    'evaluation.sheet-submitted': EvaluationEvent & {
      memberId: string;
      bidId: string;
      kind: 'review' | 'score';
      version: number;
    };
    'evaluation.deviation-flagged': EvaluationEvent & {
      memberId: string;
      bidId: string;
      totalHundredths: number;
      meanHundredths: number;
      percent: number;
    };
    'evaluation.clarification-asked': EvaluationEvent & { clarificationId: string; bidId: string };
    'evaluation.clarification-answered': EvaluationEvent & { clarificationId: string; bidId: string };
    'evaluation.extended': EvaluationEvent & { scheduledEndAt: string };
    'evaluation.concluded': EvaluationEvent & { candidates: string[] };
    /** A supervisor's instruction (JG-…) sent the concluded evaluation back to scoring (责令重新评审). */
    'evaluation.reopened': EvaluationEvent & { instruction: string };
    /**
     * The evaluation report (评标报告) is complete: every active member signed or dissented, or the signing
     * deadline passed and the silent were recorded as agreeing (PB Art.42). Candidate publicity starts from it.
     */
    'evaluation.report-completed': EvaluationEvent & {
      reportId: string;
      digest: string;
      completedAt: string;
    };
  }
}

export {};
