import { z } from 'zod';
import { canonicalJson } from '../../../crypto/canonical-json.js';
import { certificateInfo } from '../../../crypto/certificate-info.js';
import { verifyPss } from '../../../crypto/signatures.js';
import { OUTCOMES } from './models.js';

const ref = z.strictObject({ id: z.string(), code: z.string() });

/**
 * The opening record (开标记录, EB Art.32) of one section: who bid, what each read-out field says, and what
 * the opening made of each bid. It is built only from what was frozen and decrypted (no clock reading of the
 * run that wrote it), so whichever run of the opening builds it builds the same record.
 */
export const openingRecordSchema = z.strictObject({
  format: z.literal('yangguang/opening-record'),
  version: z.literal(1),
  tender: ref.extend({ title: z.string() }),
  section: ref.extend({ name: z.string() }),
  /** The opening time: the bid deadline (ZB Art.34). */
  openedAt: z.iso.datetime(),
  custodians: z.strictObject({ threshold: z.number().int(), positions: z.array(z.number().int()) }),
  /** The fields read out, in the tender's order; the price (fen) first. */
  fields: z.array(z.strictObject({ key: z.string(), label: z.string(), type: z.string() })),
  bids: z.array(
    z.strictObject({
      bidId: z.string(),
      version: z.number().int(),
      bidder: z.strictObject({ partyId: z.string(), name: z.string(), uscc: z.string() }),
      ciphertextSha256: z.string(),
      receivedAt: z.iso.datetime(),
      outcome: z.enum(OUTCOMES),
      /** Why a bid was not opened (null when opened). */
      reason: z.string().nullable(),
      /** Custodian positions a failure or a wrong share is attributed to. */
      blamedCustodians: z.array(z.number().int()),
      /** The read-out values of an opened bid; empty otherwise. */
      values: z.record(z.string(), z.union([z.string(), z.number()])),
      /**
       * Custodians' signed reports that their wrapped share of this bid is unusable, as the opening weighed
       * them (only when there are any). Each statement verifies offline with the custodian's certificate,
       * published with the tender.
       */
      shareReports: z
        .array(
          z.strictObject({
            position: z.number().int(),
            reason: z.string(),
            otherBidsChecked: z.number().int(),
            credited: z.boolean(),
            certificateSerial: z.string(),
            statement: z.string(),
            signature: z.string(),
          }),
        )
        .optional(),
    }),
  ),
  /** SHA-256 fingerprint of the platform certificate that signed. */
  platformCertificate: z.string().regex(/^[0-9a-f]{64}$/),
});
export type OpeningRecord = z.infer<typeof openingRecordSchema>;

export const signedOpeningRecordSchema = z.strictObject({
  record: openingRecordSchema,
  signature: z.string().min(1),
});
export type SignedOpeningRecord = z.infer<typeof signedOpeningRecordSchema>;

/** Signs the record like a receipt: RSA-PSS-SHA256 by the platform key over its canonical JSON. */
export async function signOpeningRecord(
  record: Omit<OpeningRecord, 'format' | 'version'>,
  sign: (data: string) => Promise<string>,
): Promise<SignedOpeningRecord> {
  const full = openingRecordSchema.parse({ format: 'yangguang/opening-record', version: 1, ...record });
  return { record: full, signature: await sign(canonicalJson(full)) };
}

/** Verifies offline against the platform signing certificate (GET /api/v1/ca). */
export async function verifyOpeningRecord(
  signed: unknown,
  platformCertPem: string,
): Promise<{ ok: boolean; reason?: string }> {
  const parsed = signedOpeningRecordSchema.safeParse(signed);
  if (!parsed.success) return { ok: false, reason: 'not a version 1 opening record' };
  const { record, signature } = parsed.data;
  if (certificateInfo(platformCertPem).fingerprintSha256 !== record.platformCertificate) {
    return { ok: false, reason: 'signed by another platform certificate' };
  }
  const valid = await verifyPss(platformCertPem, canonicalJson(record), signature);
  return valid ? { ok: true } : { ok: false, reason: 'the signature does not verify' };
}
