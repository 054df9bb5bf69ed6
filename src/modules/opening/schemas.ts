import { z } from 'zod';
import { SHARE_REPORT_REASONS } from './models.js';

const base64 = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

export const tenderIdParams = z.object({ id: z.string().uuid() });
export const bidIdParams = z.object({ bidId: z.string().uuid() });

/**
 * A custodian's released shares: 33 bytes each (base64 44 characters) for format 1, 97 (132) for format 2 (the
 * share point and its decryption proof); at most one per bid in the tender.
 */
export const sharesBody = z.strictObject({
  shares: z
    .array(
      z.strictObject({
        bidId: z.string().uuid(),
        version: z.number().int().min(1),
        share: base64(132),
      }),
    )
    .min(1)
    .max(5000)
    .refine((s) => new Set(s.map((x) => x.bidId)).size === s.length, 'one share per bid'),
});

/** A custodian's signed reports of wrapped shares it cannot use (cli/custodian/report.ts); one per bid. */
export const shareReportsBody = z.strictObject({
  reports: z
    .array(
      z.strictObject({
        bidId: z.string().uuid(),
        version: z.number().int().min(1),
        reason: z.enum(SHARE_REPORT_REASONS),
        /** RSA-PSS-SHA256 over the statement; 3072-bit keys give 512 base64 characters. */
        signature: base64(2048),
      }),
    )
    .min(1)
    .max(5000)
    .refine((s) => new Set(s.map((x) => x.bidId)).size === s.length, 'one report per bid'),
});
export const shareReportsResult = z.object({ recorded: z.array(z.string()) });

/** The 256-bit content key a bidder unwrapped itself (base64). */
export const contentKeyBody = z.strictObject({ key: base64(64) });

export const releaseResult = z.object({ accepted: z.array(z.string()), wrong: z.array(z.string()) });
export const wrappedShares = z.object({
  position: z.number().int(),
  threshold: z.number().int(),
  bids: z.array(
    z.object({
      bidId: z.string(),
      version: z.number().int(),
      headerSha256: z.string(),
      wrappedShare: z.string(),
      shareCheck: z.string(),
      /** Format 2 only: what the custodian decrypts its share from (crypto/sealed-bid releaseShareV2). */
      formatVersion: z.literal(2).optional(),
      pvss: z
        .object({
          encryptedShare: z.string(),
          custodianKey: z.object({ publicKey: z.string(), wrappedSeed: z.string(), signature: z.string() }),
          context: z.object({
            tenderId: z.string(),
            sectionId: z.string(),
            bidderPartyId: z.string(),
            threshold: z.number().int(),
          }),
        })
        .optional(),
    }),
  ),
});
