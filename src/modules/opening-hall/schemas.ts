import { z } from 'zod';

const tenderId = z.string().min(1).max(36);
/** A client-made id for one step; the same id again is the same step (a retry), never a second one. */
const eventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 characters: letters, digits, _ or -');
const text = z.string().trim().min(1).max(2000);

export const joinSchema = z.strictObject({
  tenderId,
  /** The last number the client saw; it gets the events after it with the snapshot. */
  lastSeq: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});
export const leaveSchema = z.strictObject({ tenderId });
export const checkInSchema = z.strictObject({ tenderId, eventId });
export const objectionSchema = z.strictObject({ tenderId, eventId, text });
export const answerSchema = z.strictObject({
  tenderId,
  eventId,
  objectionId: z.string().min(1).max(36),
  text,
});

export const hallParams = z.strictObject({ tenderId: z.string().min(1).max(36) });
export const hallQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});
