import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const term = z.string().trim().min(2).max(2000);
const reason = z.string().trim().min(5).max(2000);

export const sectionParams = z.object({ id: z.string().uuid(), sectionId: z.string().uuid() });
export const tenderParams = z.object({ id: z.string().uuid() });

export const signBody = z.strictObject({
  supplierPartyId: z.string().uuid(),
  priceFen: fen,
  subject: term,
  quality: term,
  paymentMethod: term,
  startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dueAt: instant,
  signedAt: instant.optional(),
});

export const refusalBody = z.strictObject({ reason });

export const depositBody = z.strictObject({
  bidderPartyId: z.string().uuid(),
  amountFen: fen.min(1),
  returnedAt: instant.optional(),
});

export const milestoneBody = z.strictObject({
  description: term,
  plannedAt: instant,
  actualAt: instant.nullable().optional(),
});

export const paymentBody = z.strictObject({
  amountFen: fen.min(1),
  paidAt: instant.optional(),
  description: z.string().trim().max(2000).optional(),
});

export const changeBody = z.strictObject({
  reason,
  amountChangeFen: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
});

export const acceptBody = z.strictObject({ acceptedAt: instant.optional() });

export const terminateBody = z.strictObject({
  reason,
  faultOf: z.enum(['supplier', 'purchaser', 'none']),
});

export const contractSchema = z.object({
  id: z.string(),
  status: z.enum(['signed', 'performance', 'accepted', 'terminated']),
  supplierPartyId: z.string(),
  supplierName: z.string(),
  priceFen: z.number(),
  subject: z.string(),
  quality: z.string(),
  paymentMethod: z.string(),
  startsOn: z.string(),
  dueAt: z.string(),
  signedAt: z.string(),
  late: z.boolean(),
  noticeId: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  onTime: z.boolean().nullable(),
  terminatedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  faultOf: z.enum(['supplier', 'purchaser', 'none']).nullable(),
  performance: z
    .object({
      records: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['milestone', 'payment', 'change']),
          description: z.string(),
          plannedAt: z.string().nullable(),
          actualAt: z.string().nullable(),
          amountFen: z.number().nullable(),
          at: z.string(),
        }),
      ),
      amountFen: z.number(),
      paidFen: z.number(),
      deposits: z.array(
        z.object({
          bidderPartyId: z.string(),
          bidderName: z.string(),
          amountFen: z.number(),
          returnedAt: z.string(),
          late: z.boolean(),
        }),
      ),
      depositDeadlineAt: z.string(),
      depositsMissing: z.array(z.object({ partyId: z.string(), name: z.string() })),
    })
    .nullable(),
});

export const sectionContractSchema = z.object({
  sectionId: z.string(),
  sectionCode: z.string(),
  sectionName: z.string(),
  depositFen: z.number(),
  award: z
    .object({
      supplierName: z.string(),
      supplierPartyId: z.string(),
      priceFen: z.number(),
      noticeAt: z.string(),
      deadlineAt: z.string(),
    })
    .nullable(),
  refusal: z.object({ reason: z.string(), at: z.string() }).nullable(),
  contract: contractSchema.nullable(),
  bidders: z.array(z.object({ partyId: z.string(), name: z.string() })),
});

/** GET /contracts/mine: each contract with the tender and section it belongs to. */
export const myContractSchema = contractSchema.extend({
  tenderId: z.string(),
  tenderTitle: z.string(),
  sectionCode: z.string(),
  sectionName: z.string(),
});
