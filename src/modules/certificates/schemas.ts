import { z } from 'zod';

const pem = (label: string) =>
  z
    .string()
    .max(16_384)
    .refine((s) => s.includes(`-----BEGIN ${label}-----`), `a PEM-encoded ${label.toLowerCase()}`);

export const issueBody = z.object({ csrPem: pem('CERTIFICATE REQUEST') });
export const serialParams = z.object({ serial: z.string().regex(/^[0-9a-f]{2,40}$/, 'a hex serial number') });
export const revokeBody = z.object({ reason: z.string().trim().min(2).max(500) });
export const verifyBody = z.object({ certificatePem: pem('CERTIFICATE'), at: z.iso.datetime().optional() });

export const certificateView = z.object({
  serial: z.string(),
  userId: z.string().nullable(),
  partyId: z.string().nullable(),
  purpose: z.enum(['party', 'personal']),
  subjectCn: z.string(),
  subjectUscc: z.string().nullable(),
  fingerprint: z.string(),
  pem: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
});
export type CertificateView = z.infer<typeof certificateView>;

export const verifyResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    serial: z.string(),
    subjectCn: z.string(),
    subjectUscc: z.string().nullable(),
  }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);

const curvePoint = z.string().regex(/^0[23][0-9a-f]{64}$/, 'a compressed P-256 point in hex');
const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
  .max(4096);
const scalar = z.string().regex(/^[0-9a-f]{64}$/, '32 bytes in hex');

/** A custodian's sealed-bid format 2 key (crypto/sealed-bid makeCustodianKeyRegistration). */
export const curveKeyRegistration = z.strictObject({
  certificateSerial: z.string().regex(/^[0-9a-f]{1,40}$/),
  publicKey: curvePoint,
  wrappedSeed: base64,
  signature: base64,
  possession: z.strictObject({ c: scalar, z: scalar }),
});
export type CurveKeyRegistration = z.infer<typeof curveKeyRegistration>;

export const curveKeyView = z.object({
  certificateSerial: z.string(),
  publicKey: z.string(),
  wrappedSeed: z.string(),
  signature: z.string(),
  registeredAt: z.string(),
});
export type CurveKeyView = z.infer<typeof curveKeyView>;
