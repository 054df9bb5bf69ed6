import { z } from 'zod';
import { signedBidReceiptSchema } from '../../../crypto/index.js';

export const sectionBidParams = z.object({ tenderId: z.string().uuid(), sectionId: z.string().uuid() });
export const tenderIdParams = z.object({ tenderId: z.string().uuid() });
export const bidIdParams = z.object({ bidId: z.string().uuid() });

export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, '8 to 128 letters, digits, _ or -');

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const shortText = (max: number) => z.string().trim().min(1).max(max);

/** The client's device fingerprint (X-Client-Device), recorded for supervision (collusion indicators). */
export const clientDevice = z.strictObject({
  tool: shortText(100),
  deviceId: shortText(128).optional(),
  macHashes: z.array(hex64).max(32).optional(),
  cpuId: shortText(200).optional(),
  diskIds: z.array(shortText(200)).max(16).optional(),
  hostnameHash: hex64.optional(),
});
export type ClientDevice = z.infer<typeof clientDevice>;

/** The account the bid deposit was paid from (X-Deposit-Account): supervision only, never logged. */
export const depositAccount = z.strictObject({
  bank: shortText(100),
  accountName: shortText(200),
  accountNumber: z.string().regex(/^[0-9A-Za-z -]{4,40}$/, 'an account number'),
});
export type DepositAccount = z.infer<typeof depositAccount>;

export const bidView = z.object({
  id: z.string(),
  tenderId: z.string(),
  sectionId: z.string(),
  bidderPartyId: z.string(),
  status: z.enum(['submitted', 'withdrawn']),
  version: z.number().int(),
  ciphertextSha256: z.string(),
  size: z.number().int(),
  receivedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type BidView = z.infer<typeof bidView>;

export const submission = z.object({ bid: bidView, receipt: signedBidReceiptSchema });
export type Submission = z.infer<typeof submission>;

/** Signed by the platform key like a bid receipt, over the canonical JSON of `receipt`. */
export const withdrawalReceipt = z.object({
  receipt: z.object({
    format: z.literal('yangguang/bid-withdrawal'),
    version: z.literal(1),
    bidId: z.string(),
    bidVersion: z.number().int(),
    tender: z.object({ id: z.string(), code: z.string() }),
    section: z.object({ id: z.string(), code: z.string() }),
    bidder: z.object({ partyId: z.string(), name: z.string(), uscc: z.string() }),
    withdrawnAt: z.string(),
    platformCertificate: z.string(),
  }),
  signature: z.string(),
});
export type WithdrawalReceipt = z.infer<typeof withdrawalReceipt>;

export const withdrawal = bidView.extend({ withdrawalReceipt });

export const myBids = z.object({ items: z.array(bidView) });

/** What supervisors see before the opening: who bid, and from where (never any content). */
export const supervisedBids = z.object({
  tenderId: z.string(),
  items: z.array(
    z.object({
      bid: bidView,
      bidder: z.object({ partyId: z.string(), name: z.string(), uscc: z.string() }),
      versions: z.array(
        z.object({
          version: z.number().int(),
          ciphertextSha256: z.string(),
          size: z.number().int(),
          receivedAt: z.string(),
          certificateSerial: z.string(),
          ip: z.string(),
          userAgent: z.string().nullable(),
          device: clientDevice.nullable(),
          depositAccount: depositAccount.nullable(),
        }),
      ),
    }),
  ),
});
export type SupervisedBids = z.infer<typeof supervisedBids>;
