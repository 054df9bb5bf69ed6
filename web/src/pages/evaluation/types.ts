/** The evaluation's messages as the server sends them (src/contracts): types only, no server code. */
export type {
  ClarificationAnswerBody,
  DeclarationPayload,
  EvaluationAnswer,
  EvaluationBidView,
  EvaluationCalls,
  EvaluationClarification,
  EvaluationClientEvents,
  EvaluationLogEntry,
  EvaluationMemberView,
  EvaluationPlan,
  EvaluationRankingRow,
  EvaluationServerEvents,
  EvaluationSheetView,
  EvaluationSnapshot,
  EvaluationStepResult,
  EvaluationSummary,
  PlanCriterion,
  ReviewPayload,
  ScorePayload,
} from '../../../../src/contracts/index.js';

import type { EvaluationSnapshot } from '../../../../src/contracts/index.js';

export type EvaluationStep = EvaluationSnapshot['step'];
export type Audience = EvaluationSnapshot['you']['audience'];

/** The steps in their order (docs/domain.md §5). */
export const STEPS: readonly EvaluationStep[] = [
  'forming',
  'review',
  'clarification',
  'scoring',
  'ranking',
  'concluded',
];
