// The receipt (确认回执) the platform gives for every accepted bid (EB Art.27). It is signed with the
// platform key, so a bidder can prove later, offline, exactly what the platform received and when.
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { certificateInfo } from './certificate-info.js';
import { verifyPss } from './signatures.js';

export const bidReceiptSchema = z.strictObject({
  format: z.literal('yangguang/bid-receipt'),
  version: z.literal(1),
  bidId: z.string(),
  /** 1 for the first upload; each replacement counts up. The newest one counts. */
  bidVersion: z.number().int().min(1),
  tender: z.strictObject({ id: z.string(), code: z.string() }),
  section: z.strictObject({ id: z.string(), code: z.string() }),
  bidder: z.strictObject({ partyId: z.string(), name: z.string(), uscc: z.string() }),
  /** SHA-256 of the sealed file exactly as stored. */
  ciphertextSha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(1),
  receivedAt: z.iso.datetime(),
  /**
   * Added with sealed-bid format 2 (optional, so older receipts still verify): `verified` when the key
   * shares were proven, at receipt, to open with the tender's custodians; `unverified` for a format 1 bid.
   */
  openability: z.enum(['verified', 'unverified']).optional(),
  /** SHA-256 fingerprint of the platform certificate that signed. */
  platformCertificate: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BidReceipt = z.infer<typeof bidReceiptSchema>;

export const signedBidReceiptSchema = z.strictObject({
  receipt: bidReceiptSchema,
  signature: z.string().min(1),
});
export type SignedBidReceipt = z.infer<typeof signedBidReceiptSchema>;

export async function signBidReceipt(
  receipt: Omit<BidReceipt, 'format' | 'version'>,
  sign: (data: string) => Promise<string>,
): Promise<SignedBidReceipt> {
  const full = bidReceiptSchema.parse({ format: 'yangguang/bid-receipt', version: 1, ...receipt });
  return { receipt: full, signature: await sign(canonicalJson(full)) };
}

/**
 * Checks a receipt against the platform certificate the verifier trusts (obtained once, e.g. from
 * GET /api/v1/ca (platformSigningCertificatePem)): its fingerprint and its signature.
 */
export async function verifyBidReceipt(
  signed: unknown,
  platformCertPem: string,
): Promise<{ ok: boolean; reason?: string }> {
  const parsed = signedBidReceiptSchema.safeParse(signed);
  if (!parsed.success) return { ok: false, reason: 'not a version 1 bid receipt' };
  const { receipt, signature } = parsed.data;
  if (certificateInfo(platformCertPem).fingerprintSha256 !== receipt.platformCertificate) {
    return { ok: false, reason: 'signed by another platform certificate' };
  }
  const valid = await verifyPss(platformCertPem, canonicalJson(receipt), signature);
  return valid ? { ok: true } : { ok: false, reason: 'the signature does not verify' };
}
