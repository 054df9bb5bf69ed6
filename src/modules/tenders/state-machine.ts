import { conflict } from '../../platform/errors.js';
import type { TenderStatus } from './models.js';

/**
 * The tender's lifecycle (docs/domain.md §8), owned here and nowhere else: every status change goes through
 * `nextStatus`, which refuses a transition the table does not list, and every "may this happen to a tender
 * in this status" question is answered by `can`, from the second table. Other modules ask through
 * `lifecycle.ts`. Later stages add their tender statuses (publicity of the candidates, awarded) as rows
 * here; the award and the contract are sub-resources with tables of their own (one per section, each with its
 * own small status), not columns of the tender, and they too ask `can` before every step.
 */
export const TRANSITIONS = {
  publish: { from: ['draft'], to: 'published' },
  suspend: { from: ['published'], to: 'suspended' }, // an objection is open (SS Art.22, docs/domain.md §2)
  resume: { from: ['suspended'], to: 'published' },
  closeBidding: { from: ['published'], to: 'bidding-closed' }, // the bid deadline passed (ZB Art.34)
  cancel: { from: ['draft', 'published', 'suspended'], to: 'cancelled' },
  startOpening: { from: ['bidding-closed'], to: 'opening' }, // the opening job froze the bids
  fail: { from: ['opening'], to: 'failed' }, // 流标: every section had fewer than 3 bids (SS Art.44)
  startEvaluation: { from: ['opening'], to: 'evaluating' }, // every section's opening record is published
  // The first section's candidates are published (中标候选人公示, SS Art.54; the award module).
  startPublicity: { from: ['evaluating'], to: 'publicity' },
  // The last evaluated section's winner is confirmed (定标, ZB Art.45); each section's award is its own row.
  award: { from: ['publicity'], to: 'awarded' },
  // The last awarded section's contract is recorded (ZB Art.46; the contract module).
  contract: { from: ['awarded'], to: 'contracted' },
  // The first performance record (履约: a milestone, payment, change, acceptance or termination).
  startPerformance: { from: ['contracted'], to: 'performance' },
  // Every contract accepted (验收) or terminated.
  close: { from: ['contracted', 'performance'], to: 'closed' },
} as const satisfies Record<string, { from: readonly TenderStatus[]; to: TenderStatus }>;

export type TenderTransition = keyof typeof TRANSITIONS;

/**
 * What may happen to a tender without changing its status, and in which statuses. Time limits within a
 * status (the bid deadline, the 15-day notice, the 10-day objection cut-off) are the rules' business
 * (rules/), checked after this. A status left out refuses the action.
 */
export const ACTIONS = {
  // The draft is the tenderee's working copy; once published, the documents change only through a
  // clarification or amendment that every bidder receives (ZB Art.23, docs/domain.md §2, §8).
  editDraft: ['draft'],
  // A draft nobody outside has seen may be thrown away (删除草稿) rather than cancelled: once published, the
  // tender is public record (EB Art.9) and ends only by a published cancellation (docs/domain.md §8).
  deleteDraft: ['draft'],
  // Files change freely in a draft and with an issued amendment while bidding is open (ZB Art.23). Not while
  // suspended: an open objection pauses the process (SS Art.22, docs/domain.md §2); not after the deadline.
  uploadDocument: ['draft', 'published'],
  // Clarifications reach bidders before the deadline (ZB Art.23), also to answer an objection while the
  // tender is suspended for it (SS Art.22, docs/domain.md §2).
  clarify: ['published', 'suspended'],
  // Objections to the documents come before the deadline (SS Art.22); a suspended tender takes more, each
  // keeping it paused until answered (docs/domain.md §2).
  raiseObjection: ['published', 'suspended'],
  // Bids, replaced or withdrawn, only while bidding is open (EB Art.27, docs/domain.md §3); an open objection
  // pauses bidding (SS Art.22). The deadline itself is checked to the millisecond by the bids module.
  submitBid: ['published'],
  withdrawBid: ['published'],
  // Experts evaluate: they may be drawn from publication until the evaluation (SS Art.45-46, docs/domain.md
  // §4). A failed tender (流标, SS Art.44) or a cancelled one (docs/domain.md §8) has no evaluation to draw for.
  requestExpertDraw: ['published', 'suspended', 'bidding-closed', 'opening', 'evaluating'],
  // Key shares open the bids at the opening: released once the deadline passed (the opening checks the
  // time), including before the scheduler closes bidding or while an objection holds the tender, until the
  // opening completes. A cancelled tender has no opening, so its bids are never decrypted (EB Art.27-29,
  // docs/domain.md §3).
  releaseShare: ['published', 'suspended', 'bidding-closed', 'opening'],
  // 签到 in the opening hall: bidders check in before and during the opening (EB Art.29, docs/domain.md §3);
  // the hall itself refuses once the opening is over. Failed and cancelled tenders have no opening.
  checkIn: ['published', 'suspended', 'bidding-closed', 'opening', 'evaluating'],
  // The opening completes once, with every section failed or its record published (EB Art.29-32), moving
  // the tender on by `fail` or `startEvaluation`; once moved on there is nothing left to complete.
  completeOpening: ['opening'],
  // A section's candidates are published once its report is completed (SS Art.54), while other sections may
  // still be evaluated or already in publicity; the time limits are rules/publicity-*.ts.
  publishCandidates: ['evaluating', 'publicity'],
  // Objections to the candidates (SS Art.54) only while the tender is in publicity; the section's own
  // publicity period is rules/candidate-objection.ts. They hold the award, not the tender.
  raiseCandidateObjection: ['publicity'],
  // A section's winner is confirmed after its publicity (ZB Art.45, SS Art.55), sections one by one.
  confirmAward: ['publicity'],
  // A section's contract is signed within 30 days of its award (ZB Art.46), or the winner's refusal recorded
  // (SS Art.74), while other sections may still be awarded; rules in the contract module.
  signContract: ['awarded'],
  // After the winner's refusal (SS Art.74) the next candidate may be awarded (SS Art.55) while the tender is
  // awarded: the refused section has no contract, so the tender cannot have moved on to contracted.
  awardNextCandidate: ['awarded'],
  // Deposits are returned after the contract (SS Art.57), also once performance has begun or ended.
  returnDeposit: ['awarded', 'contracted', 'performance', 'closed'],
  // Performance (履约) of a signed contract, section by section, until every contract is accepted or ended.
  recordPerformance: ['awarded', 'contracted', 'performance'],
} as const satisfies Record<string, readonly TenderStatus[]>;

export type TenderAction = keyof typeof ACTIONS;

export function canTransition(from: TenderStatus, transition: TenderTransition): boolean {
  return (TRANSITIONS[transition].from as readonly TenderStatus[]).includes(from);
}

/** Whether a tender in this status may take this transition or action. */
export function can(status: TenderStatus, action: TenderTransition | TenderAction): boolean {
  if (action in TRANSITIONS) return canTransition(status, action as TenderTransition);
  return (ACTIONS[action as TenderAction] as readonly TenderStatus[]).includes(status);
}

export function nextStatus(from: TenderStatus, transition: TenderTransition): TenderStatus {
  if (!canTransition(from, transition)) {
    throw conflict('INVALID_TRANSITION', `A ${from} tender cannot ${transition}`, { from, transition });
  }
  return TRANSITIONS[transition].to;
}

/** Statuses the public sees: everything but drafts. */
export const PUBLIC_STATUSES: readonly TenderStatus[] = [
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'publicity',
  'awarded',
  'contracted',
  'performance',
  'closed',
  'failed',
  'cancelled',
];

export const isPublic = (status: TenderStatus) => PUBLIC_STATUSES.includes(status);
