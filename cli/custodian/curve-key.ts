// The custodian's sealed-bid format 2 key (crypto/sealed-bid/SPEC.md, "Format 2"): the agent makes one for
// its active certificate and registers it, once, so bidders can seal bids whose openability the server
// checks at receipt. The private scalar comes from a seed wrapped to the custodian's own certificate, so the
// agent keeps holding only its RSA key file; the seed is recovered from each bid's header at the opening.
import { z } from 'zod';
import { custodianSeed, makeCustodianKeyRegistration } from '../../crypto/sealed-bid/openability.js';
import type { UnwrapKey } from '../../crypto/sealed-bid/key-material.js';
import type { CustodianClient } from './client.js';

const ownKeySchema = z.object({
  key: z
    .object({
      certificateSerial: z.string(),
      publicKey: z.string(),
      wrappedSeed: z.string(),
      signature: z.string(),
    })
    .nullable(),
});
const meSchema = z.object({ user: z.object({ id: z.string() }) });
const certificatesSchema = z.object({
  items: z.array(
    z.object({
      serial: z.string(),
      pem: z.string(),
      notBefore: z.string(),
      notAfter: z.string(),
      revokedAt: z.string().nullable(),
    }),
  ),
});

export type CurveKeyOutcome =
  | { status: 'registered'; certificateSerial: string; publicKey: string }
  | { status: 'already-registered'; certificateSerial: string; publicKey: string };

/**
 * Registers a key unless one this agent can use is registered already. Throws when the custodian has no
 * valid certificate, or when its key file does not open what is wrapped to that certificate (wrong key).
 */
export async function ensureCurveKey(
  client: Pick<CustodianClient, 'get' | 'post'>,
  key: UnwrapKey,
  sign: (data: Uint8Array) => Promise<string>,
  now: Date,
): Promise<CurveKeyOutcome> {
  const own = ownKeySchema.parse(await client.get('/custodian-keys/own')).key;
  if (own && (await usable(own, key))) {
    return {
      status: 'already-registered',
      certificateSerial: own.certificateSerial,
      publicKey: own.publicKey,
    };
  }
  const userId = meSchema.parse(await client.get('/auth/me')).user.id;
  const at = now.getTime();
  const cert = certificatesSchema
    .parse(await client.get('/certificates'))
    .items.filter((c) => !c.revokedAt && Date.parse(c.notBefore) <= at && at < Date.parse(c.notAfter))
    .sort((a, b) => Date.parse(b.notBefore) - Date.parse(a.notBefore))[0];
  if (!cert) throw new Error('No valid certificate to register a format 2 key for');
  const registration = await makeCustodianKeyRegistration(userId, cert.pem, cert.serial, sign);
  // Before telling anyone: this agent's key must open the seed, or no share could ever be released.
  if (!(await usable(registration, key))) {
    throw new Error(`The key file does not belong to certificate ${cert.serial}: no format 2 key registered`);
  }
  await client.post('/custodian-keys', registration);
  return { status: 'registered', certificateSerial: cert.serial, publicKey: registration.publicKey };
}

async function usable(record: { publicKey: string; wrappedSeed: string; signature: string }, key: UnwrapKey) {
  try {
    (await custodianSeed(record, key)).fill(0);
    return true;
  } catch {
    return false;
  }
}
