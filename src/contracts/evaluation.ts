import type { z } from 'zod';
import type {
  advanceSchema,
  answerBody,
  clarificationView,
  clarifySchema,
  declarationPayload,
  declareSchema,
  evaluationSummaryView,
  joinSchema,
  leaveSchema,
  logEntryView,
  rankingRowView,
  reviewPayload,
  reviewSchema,
  scorePayload,
  scoreSchema,
  snapshotView,
  stepResultView,
  timeShortSchema,
  voteLeaderSchema,
} from '../modules/evaluation/schemas.js';
import type { ClientEventsOf, ServerEventsOf, SocketAnswer } from '../platform/realtime/wire.js';

export type EvaluationSnapshot = z.output<typeof snapshotView>;
export type EvaluationSummary = z.output<typeof evaluationSummaryView>;
export type EvaluationLogEntry = z.output<typeof logEntryView>;
export type EvaluationMemberView = EvaluationSnapshot['members'][number];
export type EvaluationBidView = EvaluationSnapshot['bids'][number];
export type EvaluationSheetView = EvaluationSnapshot['mySheets'][number];
export type EvaluationRankingRow = z.output<typeof rankingRowView>;
export type EvaluationClarification = z.output<typeof clarificationView>;
export type EvaluationStepResult = z.output<typeof stepResultView>;
export type ClarificationAnswerBody = z.input<typeof answerBody>;

/** What a member signs (canonical JSON, RSA-PSS SHA-256 with the key of their platform certificate). */
export type DeclarationPayload = z.input<typeof declarationPayload>;
export type ReviewPayload = z.input<typeof reviewPayload>;
export type ScorePayload = z.input<typeof scorePayload>;

/** The evaluation room's client→server events (`/evaluation`). */
export interface EvaluationCalls {
  'evaluation:join': { input: z.input<typeof joinSchema>; result: { snapshot: EvaluationSnapshot } };
  'evaluation:leave': { input: z.input<typeof leaveSchema>; result: Record<never, never> };
  'evaluation:declare': { input: z.input<typeof declareSchema>; result: EvaluationStepResult };
  'evaluation:vote-leader': { input: z.input<typeof voteLeaderSchema>; result: EvaluationStepResult };
  'evaluation:review': { input: z.input<typeof reviewSchema>; result: EvaluationStepResult };
  'evaluation:score': { input: z.input<typeof scoreSchema>; result: EvaluationStepResult };
  'evaluation:advance': { input: z.input<typeof advanceSchema>; result: EvaluationStepResult };
  'evaluation:clarify': { input: z.input<typeof clarifySchema>; result: EvaluationStepResult };
  'evaluation:time-short': { input: z.input<typeof timeShortSchema>; result: EvaluationStepResult };
}
export type EvaluationAnswer<N extends keyof EvaluationCalls> = SocketAnswer<EvaluationCalls[N]['result']>;

/** What the room pushes: each timeline entry, as the audience may see it (and the cue to re-join for the rest). */
export interface EvaluationPushes {
  'evaluation:log': EvaluationLogEntry;
}

export type EvaluationClientEvents = ClientEventsOf<EvaluationCalls>;
export type EvaluationServerEvents = ServerEventsOf<EvaluationPushes>;
