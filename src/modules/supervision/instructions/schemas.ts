import { z } from 'zod';

/**
 * What a supervisor may order on a tender (监督指令): suspend it, resume it, and order the original committee to
 * re-evaluate a concluded evaluation (责令重新评审).
 */
export const INSTRUCTION_KINDS = ['suspension', 'resumption', 're-evaluation'] as const;
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number];

export const tenderIdParams = z.object({ id: z.string().uuid() });
export const evaluationIdParams = z.object({ id: z.string().uuid() });

/** Every instruction states why: it is published (暂停/恢复公告) and read by the parties. */
export const instructionBody = z.strictObject({
  reason: z.string().trim().min(5).max(500),
});
export type InstructionBody = z.infer<typeof instructionBody>;

export const instructionView = z.object({
  id: z.string(),
  /** A human document number, JG-2026-0001. */
  code: z.string(),
  kind: z.enum(INSTRUCTION_KINDS),
  tenderId: z.string(),
  reason: z.string(),
  issuedAt: z.string(),
  issuedBy: z.object({ userId: z.string(), name: z.string().nullable() }),
  /** The public notice published with it (suspension and resumption), when there is one. */
  noticeId: z.string().nullable(),
});
export type InstructionView = z.infer<typeof instructionView>;

export const holdView = z.object({
  /** The suspension's code (JG-…) that every refused action names. */
  instructionCode: z.string(),
  reason: z.string(),
  since: z.string(),
});
export type HoldView = z.infer<typeof holdView>;

export const tenderInstructionsView = z.object({
  tenderId: z.string(),
  /** The tender is suspended while this is set. */
  hold: holdView.nullable(),
  /** Oldest first. */
  items: z.array(instructionView),
});
export type TenderInstructionsView = z.infer<typeof tenderInstructionsView>;
