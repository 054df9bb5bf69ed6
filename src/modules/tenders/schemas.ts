import { z } from 'zod';
import { regionCode } from '../../platform/china/schemas.js';
import { evaluationPlanSchema } from './evaluation-plan.js';
import { CATEGORIES, EVALUATION_METHODS, PROCUREMENT_METHODS, TENDER_STATUSES } from './models.js';

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const bidFormField = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/, 'a camelCase key'),
  label: z.string().trim().min(1).max(60),
  type: z.enum(['money', 'integer', 'text']),
  required: z.boolean().default(true),
  readOut: z.boolean().default(false),
});

export const evaluationCriterion = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['qualification', 'technical', 'commercial', 'price']),
  weight: z.number().min(0).max(100).optional(),
});

export const sectionInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** 最高投标限价; may be left empty in a draft, required to publish. */
  maxPriceFen: fen.nullable().default(null),
  estimatedPriceFen: fen,
  depositFen: fen.default(0),
  /** How this section is evaluated; left out, it is derived from the tender's method and criteria. */
  evaluationPlan: evaluationPlanSchema.optional(),
});

export const scheduleInput = z.object({
  documentsFrom: instant,
  documentsTo: instant,
  clarificationDeadline: instant,
  /** Also the opening time (ZB Art.34). */
  bidDeadline: instant,
});

export const custodiansInput = z.object({
  userIds: z
    .array(z.string().uuid())
    .max(9)
    .refine((ids) => new Set(ids).size === ids.length, 'a custodian is named twice'),
  threshold: z.number().int().min(1).max(9).default(2),
});

/** A tender as its tenderee or agency writes it. Rules (time limits, caps) are checked apart, by the rule set. */
export const tenderInput = z.object({
  projectName: z.string().trim().min(2).max(200),
  title: z.string().trim().min(2).max(200),
  description: z.string().trim().max(20_000).optional(),
  category: z.enum(CATEGORIES),
  procurementMethod: z.enum(PROCUREMENT_METHODS).default('1'),
  /** Required when an agency creates the tender; a tenderee's own party otherwise. */
  tendereePartyId: z.string().uuid().optional(),
  /** The agency a tenderee appoints (a verified agency party), if any. */
  agencyPartyId: z.string().uuid().nullable().optional(),
  regionCode,
  bidValidityDays: z.number().int().min(1).max(365).default(90),
  evaluationMethod: z.enum(EVALUATION_METHODS),
  evaluationCriteria: z.array(evaluationCriterion).min(1).max(50),
  bidFormFields: z.array(bidFormField).max(20).default([]),
  schedule: scheduleInput,
  sections: z.array(sectionInput).min(1).max(50),
  custodians: custodiansInput,
});
export type TenderInput = z.output<typeof tenderInput>;

export const tenderIdParams = z.object({ id: z.string().uuid() });
export const cancelBody = z.object({
  reason: z.string().trim().min(2, 'a cancellation needs a reason').max(500),
});

const partyRef = z.object({ id: z.string(), name: z.string(), uscc: z.string() });

export const tenderView = z.object({
  id: z.string(),
  code: z.string(),
  projectCode: z.string(),
  projectName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.enum(CATEGORIES),
  procurementMethod: z.enum(PROCUREMENT_METHODS),
  tenderee: partyRef,
  agency: partyRef.nullable(),
  regionCode: z.string(),
  status: z.enum(TENDER_STATUSES),
  bidValidityDays: z.number(),
  evaluationMethod: z.enum(EVALUATION_METHODS),
  evaluationCriteria: z.array(evaluationCriterion),
  bidFormFields: z.array(bidFormField),
  schedule: z.object({
    documentsFrom: z.string(),
    documentsTo: z.string(),
    clarificationDeadline: z.string(),
    bidDeadline: z.string(),
  }),
  sections: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      maxPriceFen: z.number().nullable(),
      estimatedPriceFen: z.number(),
      depositFen: z.number(),
      /** The section's plan: its own, or the one derived from the tender's method and criteria. */
      evaluationPlan: evaluationPlanSchema,
    }),
  ),
  custodians: z.object({
    threshold: z.number(),
    members: z.array(
      z.object({
        position: z.number(),
        userId: z.string(),
        displayName: z.string(),
        certificateSerial: z.string().nullable(),
        certificatePem: z.string().nullable(),
        /**
         * The member's sealed-bid format 2 key (P-256) registered for the frozen certificate, signed by it;
         * when every member has one, bidders seal format 2 (crypto/sealed-bid/SPEC.md).
         */
        curveKey: z
          .object({ publicKey: z.string(), wrappedSeed: z.string(), signature: z.string() })
          .nullable(),
      }),
    ),
  }),
  clarifications: z.array(
    z.object({
      number: z.number(),
      kind: z.enum(['clarification', 'amendment']),
      title: z.string(),
      body: z.string(),
      previousBidDeadline: z.string(),
      bidDeadline: z.string(),
      publishedAt: z.string(),
    }),
  ),
  publishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  createdAt: z.string(),
  dateModified: z.string(),
});
export type TenderView = z.infer<typeof tenderView>;

/** A rule broken, as the client shows it next to the field. */
export const violation = z.object({
  code: z.string(),
  field: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export const checkResult = z.object({ ok: z.boolean(), violations: z.array(violation) });

/** Where a clarification would put (or put) the bid deadline: moved when it came too late (ZB Art.23). */
export const deadlineOutcome = z.object({
  previousBidDeadline: z.string(),
  bidDeadline: z.string(),
  moved: z.boolean(),
});
