import type { z } from 'zod';
import type {
  drawCounts,
  drawExclusionView,
  drawMemberView,
  drawRequestBody,
  drawView,
  exclusionCandidateView,
  inboxMessageView,
  invitationView,
  verdictView,
} from '../modules/experts/draw-schemas.js';
import type { expertDetail, expertView, sanctionView } from '../modules/experts/schemas.js';

/** An expert of the pool; the ID number always masked, the phone in full only for admins and the expert. */
export type Expert = z.output<typeof expertView>;
export type ExpertDetail = z.output<typeof expertDetail>;
export type ExpertStatus = Expert['status'];
/** A published sanction (suspension, removal, reinstatement). */
export type Sanction = z.output<typeof sanctionView>;
export type SanctionAction = Sanction['action'];

/** The body of POST /tenders/:tenderId/expert-draws (defaults may be left out). */
export type DrawRequestInput = z.input<typeof drawRequestBody>;
export type DrawSlot = DrawRequestInput['slots'][number];
/** A draw as its viewer may see it: `members` is null for those who see counts only until the announcement. */
export type Draw = z.output<typeof drawView>;
export type DrawStatus = Draw['status'];
export type DrawCounts = z.output<typeof drawCounts>;
export type DrawMember = z.output<typeof drawMemberView>;
export type MemberStatus = DrawMember['status'];
/** An exclusion (回避) by name, as the draw's supervisor or its requester sees it. */
export type DrawExclusion = z.output<typeof drawExclusionView>;
/** An expert found by name for the request's exclusions. */
export type ExclusionCandidate = z.output<typeof exclusionCandidateView>;
/** An expert's invitation to an evaluation, as the expert sees it. */
export type Invitation = z.output<typeof invitationView>;
export type InboxMessage = z.output<typeof inboxMessageView>;
/** A re-run draw record's verdict. */
export type Verdict = z.output<typeof verdictView>;
