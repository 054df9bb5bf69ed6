// What a custodian agent reads from the platform (the share-release contract, notes/opening-contract.md).
// Every answer is checked before the agent acts on it: a confused or hostile server must not make the
// agent unwrap, or send, anything it should not.
import { z } from 'zod';
import { custodianKeySchema } from '../../crypto/sealed-bid/format.js';

const id = z.string().min(1).max(64);
const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .max(4096);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

export const custodianTenderSchema = z.object({
  tenderId: id,
  code: z.string().max(64),
  title: z.string().max(500),
  /** The opening time (开标时间) is the bid deadline. */
  bidDeadline: z.iso.datetime({ offset: true }),
  position: z.number().int().min(1).max(16),
  status: z.string().max(40),
  released: z.boolean(),
});
export type CustodianTender = z.infer<typeof custodianTenderSchema>;

/** The list may come bare or as a page ({items}); both are accepted. */
export const custodianTendersSchema = z
  .union([z.array(custodianTenderSchema), z.object({ items: z.array(custodianTenderSchema) })])
  .transform((v) => (Array.isArray(v) ? v : v.items));

export const wrappedShareSchema = z.object({
  bidId: id,
  version: z.number().int().min(0),
  headerSha256: hex32.optional(),
  /** Empty when the bid carries no share for this position (the bidder's fault, not the custodian's). */
  wrappedShare: z.union([base64, z.literal('')]),
  shareCheck: z.union([hex32, z.literal('')]),
  /** Format 2: the encrypted share and the custodian's own key record, decrypted locally (releaseShareV2). */
  formatVersion: z.literal(2).optional(),
  pvss: z
    .object({
      encryptedShare: z.string().regex(/^0[23][0-9a-f]{64}$/),
      custodianKey: custodianKeySchema,
      context: z.object({
        tenderId: id,
        sectionId: id,
        bidderPartyId: id,
        threshold: z.number().int().min(2).max(16),
      }),
    })
    .optional(),
});
export type WrappedShare = z.infer<typeof wrappedShareSchema>;

export const wrappedSharesSchema = z.object({
  position: z.number().int().min(1).max(16),
  threshold: z.number().int().min(1).max(16),
  bids: z.array(wrappedShareSchema).max(10_000),
});
export type WrappedShares = z.infer<typeof wrappedSharesSchema>;

export const releaseResultSchema = z.object({
  accepted: z.array(id),
  wrong: z.array(id),
});
export type ReleaseResult = z.infer<typeof releaseResultSchema>;

/** The answer to a custodian's signed share reports (report.ts): the bids recorded. */
export const shareReportsResultSchema = z.object({ recorded: z.array(id) });

export interface ReleasedShare {
  bidId: string;
  version: number;
  /** base64 of the unwrapped share: sent to the server, never logged. */
  share: string;
}

/** Tenders past these states have nothing left for a custodian to release. */
export const SETTLED_STATUSES = new Set([
  'failed',
  'evaluating',
  'cancelled',
  'terminated',
  'awarded',
  'closed',
]);
