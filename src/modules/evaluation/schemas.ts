import { z } from 'zod';
import { EVALUATION_STEPS, MEMBER_KINDS, MEMBER_STATES, SHEET_KINDS } from './models.js';

// Ids are uuids: a looser string lets a NUL byte through to the database (SQLite answers with an error).
const uuid = z.string().uuid();
/** A client-made id for one step; the same id again is the same step (a retry), never a second one. */
const eventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 characters: letters, digits, _ or -');
const base64 = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');
const serial = z.string().regex(/^[0-9a-f]{1,64}$/, 'the certificate serial, lower-case hex');
const seq = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);
const reasonText = z.string().trim().min(1).max(500);
/** Scores travel in hundredths of a point: integers, so nobody's 0.1 + 0.2 decides a ranking. */
const hundredths = z.number().int().min(0).max(100_00);

/** What a member signs, with the signature and the certificate of the signing key. */
const signed = { signature: base64, certificateSerial: serial };

export const joinSchema = z.strictObject({ evaluationId: uuid, lastSeq: seq.optional() });
export const leaveSchema = z.strictObject({ evaluationId: uuid });

export const declarationPayload = z.strictObject({
  type: z.literal('yangguang.evaluation.declaration/1'),
  evaluationId: uuid,
  memberId: uuid,
  /** The bidders' names, sorted: the member declares knowing whom. */
  bidders: z.array(z.string().max(200)).max(500),
  conflict: z.boolean(),
  statement: z.string().trim().max(2000),
});
export const declareSchema = z.strictObject({
  evaluationId: uuid,
  eventId,
  payload: declarationPayload,
  ...signed,
});

export const voteLeaderSchema = z.strictObject({ evaluationId: uuid, eventId, candidateMemberId: uuid });

const criterionKey = z.string().regex(/^[a-z0-9-]{1,32}$/);
export const reviewPayload = z.strictObject({
  type: z.literal('yangguang.evaluation.review/1'),
  evaluationId: uuid,
  memberId: uuid,
  bidId: uuid,
  verdicts: z.record(criterionKey, z.strictObject({ pass: z.boolean(), reason: z.string().trim().max(500) })),
});
export const reviewSchema = z.strictObject({
  evaluationId: uuid,
  eventId,
  payload: reviewPayload,
  ...signed,
});

export const CORRECTION_REASONS = [
  'arithmetic',
  'out-of-range',
  'objective-inconsistent',
  'extreme',
] as const;
export const scorePayload = z.strictObject({
  type: z.literal('yangguang.evaluation.score/1'),
  evaluationId: uuid,
  memberId: uuid,
  bidId: uuid,
  scores: z.record(criterionKey, hundredths),
  /** Null on the first sheet; a correction names its GP87 Art.64 reason. */
  correction: z.strictObject({ reason: z.enum(CORRECTION_REASONS), note: reasonText }).nullable(),
});
export const scoreSchema = z.strictObject({ evaluationId: uuid, eventId, payload: scorePayload, ...signed });

export const advanceSchema = z.strictObject({
  evaluationId: uuid,
  eventId,
  /** The step the leader moves on from: a retry after the move finds the step changed and changes nothing. */
  from: z.enum(EVALUATION_STEPS),
});
export const clarifySchema = z.strictObject({
  evaluationId: uuid,
  eventId,
  bidId: uuid,
  question: z.string().trim().min(1).max(2000),
  answerDeadline: z.iso.datetime({ offset: true }),
});
export const timeShortSchema = z.strictObject({ evaluationId: uuid, eventId });

// REST
export const evaluationParams = z.strictObject({ id: uuid });
export const clarificationParams = z.strictObject({ id: uuid });
export const logQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});
export const answerBody = z.strictObject({
  answer: z.string().trim().min(1).max(4000),
  /** The bidder confirms the answer changes neither its price nor the substance of its bid (SS Art.52). */
  noChangeOfSubstance: z.literal(true),
});
export const representativeBody = z.strictObject({ userId: uuid });

/*
 * What the evaluation sends, as schemas: the OpenAPI responses and, through src/contracts, the browser's
 * types. Fields an audience may not see are left out for it, never sent empty.
 */
export const logEntryView = z.object({
  evaluationId: z.string(),
  seq: z.number().int(),
  kind: z.string(),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** Supervisors only: who did it and from where (observers see the step, not the person or address). */
  actor: z
    .object({ userId: z.string().nullable(), name: z.string().nullable(), role: z.string().nullable() })
    .optional(),
  ip: z.string().nullable().optional(),
});

export const memberView = z.object({
  memberId: z.string(),
  name: z.string(),
  kind: z.enum(MEMBER_KINDS),
  state: z.enum(MEMBER_STATES),
  isLeader: z.boolean(),
  /** Leader votes received (while forming). */
  votes: z.number().int(),
  /** How many of the bids this member has submitted a sheet for, per kind. */
  submitted: z.object({ review: z.number().int(), score: z.number().int() }),
  saidTimeShort: z.boolean(),
});

export const attachmentView = z.object({
  index: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

export const bidView = z.object({
  bidId: z.string(),
  bidderName: z.string(),
  priceFen: z.number().int(),
  receivedAt: z.string(),
  attachments: z.array(attachmentView),
  rejection: z.object({ code: z.string(), reason: z.string() }).nullable(),
  flags: z.array(z.string()),
  reviewOutcome: z.enum(['pass', 'fail']).nullable(),
  /** Active members who submitted a review / score sheet for this bid, of how many. */
  progress: z.object({ review: z.number().int(), score: z.number().int(), of: z.number().int() }),
});

export const sheetView = z.object({
  bidId: z.string(),
  kind: z.enum(SHEET_KINDS),
  version: z.number().int(),
  /** The signed payload as submitted (verdicts or scores). */
  payload: z.record(z.string(), z.unknown()),
  submittedAt: z.string(),
  correction: z.object({ reason: z.string(), note: z.string() }).nullable(),
});

/** A bid's scores once every active member submitted: per member (by name) and per criterion. */
export const revealedView = z.object({
  bidId: z.string(),
  members: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      scores: z.record(z.string(), z.number().int()),
      totalHundredths: z.number().int(),
    }),
  ),
});

export const rankingRowView = z.object({
  rank: z.number().int(),
  bidId: z.string(),
  bidderName: z.string(),
  priceFen: z.number().int(),
  priceScore: z.number().int().nullable(),
  score: z.number().int().nullable(),
  technicalScore: z.number().int().nullable(),
});

export const clarificationView = z.object({
  id: z.string(),
  evaluationId: z.string(),
  tenderId: z.string(),
  tenderTitle: z.string(),
  bidId: z.string(),
  bidderName: z.string(),
  question: z.string(),
  askedAt: z.string(),
  answerDeadline: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export const snapshotView = z.object({
  evaluationId: z.string(),
  tenderId: z.string(),
  tenderCode: z.string(),
  tenderTitle: z.string(),
  sectionId: z.string(),
  sectionName: z.string(),
  step: z.enum(EVALUATION_STEPS),
  serverTime: z.string(),
  startedAt: z.string(),
  scheduledEndAt: z.string(),
  extensions: z.number().int(),
  seq: z.number().int(),
  /** The section's published plan (the tenders module's EvaluationPlan). */
  plan: z.record(z.string(), z.unknown()),
  you: z.object({
    audience: z.enum(['member', 'leader', 'supervisor', 'observer']),
    memberId: z.string().nullable(),
    state: z.enum(MEMBER_STATES).nullable(),
    leaderVote: z.string().nullable(),
    saidTimeShort: z.boolean(),
  }),
  leaderMemberId: z.string().nullable(),
  members: z.array(memberView),
  bids: z.array(bidView),
  /** The caller's own sheets (members), last version per bid and kind. */
  mySheets: z.array(sheetView),
  revealed: z.array(revealedView),
  /** Leader and supervisors: objective criteria on which members' scores differ (values, not who). */
  disagreements: z.array(
    z.object({ bidId: z.string(), criterionKey: z.string(), values: z.array(z.number().int()) }),
  ),
  /** Leader and supervisors: totals off the committee mean by more than the plan's share. */
  deviations: z.array(
    z.object({
      bidId: z.string(),
      memberId: z.string(),
      name: z.string(),
      totalHundredths: z.number().int(),
      meanHundredths: z.number().int(),
    }),
  ),
  ranking: z.array(rankingRowView).nullable(),
  clarifications: z.array(clarificationView),
  /** Up to three candidates once concluded. */
  result: z.object({ candidates: z.array(rankingRowView) }).nullable(),
  /** Timeline entries after the caller's lastSeq (capped; `truncated` says more exist). */
  log: z.array(logEntryView),
  truncated: z.boolean(),
});

export const evaluationSummaryView = z.object({
  evaluationId: z.string(),
  tenderId: z.string(),
  tenderCode: z.string(),
  tenderTitle: z.string(),
  sectionName: z.string(),
  step: z.enum(EVALUATION_STEPS),
  startedAt: z.string(),
  scheduledEndAt: z.string(),
  /** How the caller takes part. */
  audience: z.enum(['member', 'leader', 'supervisor', 'observer']),
});

/** A step's acknowledgement: the timeline entry it wrote and whether it was a retry of a stored one. */
export const stepResultView = z.object({ seq: z.number().int(), replayed: z.boolean() });

// --- the evaluation report (report/) -----------------------------------------------------------------

/**
 * What a member signs on the report (PB Art.42): its digest, and agreement, or a dissent with written reasons
 * (5-2000 characters; none with an agreement). Not trimmed: the signature covers the text as sent.
 */
export const reportSignaturePayload = z
  .strictObject({
    type: z.literal('yangguang.evaluation.report-signature/1'),
    evaluationId: uuid,
    memberId: uuid,
    reportId: uuid,
    digest: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256, lower-case hex'),
    agree: z.boolean(),
    reasons: z.string().max(2000).nullable(),
  })
  .refine((p) => (p.agree ? p.reasons === null : (p.reasons?.trim().length ?? 0) >= 5), {
    message: 'a dissent needs written reasons (5-2000 characters); an agreement carries none',
    path: ['reasons'],
  });
export const reportSignatureBody = z.strictObject({ payload: reportSignaturePayload, ...signed });

const reportVerdict = z.enum(['agree', 'dissent', 'deemed-agreeing']);
export const reportView = z.object({
  reportId: z.string(),
  state: z.enum(['signing', 'completed', 'superseded']),
  digest: z.string(),
  generatedAt: z.string(),
  signingDeadline: z.string(),
  completedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  /** The frozen report (report/content.ts ReportContent): what the digest is of. */
  content: z.looseObject({ candidates: z.array(rankingRowView) }),
  signatures: z.array(
    z.object({
      memberId: z.string(),
      memberName: z.string(),
      verdict: reportVerdict.nullable(),
      reasons: z.string().nullable(),
      signedAt: z.string().nullable(),
    }),
  ),
  me: z.object({ memberId: z.string(), verdict: reportVerdict.nullable() }).nullable(),
});
export const reportExportView = z.looseObject({
  format: z.literal('yangguang.evaluation.report-export/1'),
  digest: z.string(),
  rootCertificatePem: z.string(),
});
