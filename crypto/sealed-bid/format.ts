// The sealed-bid file format, version 1 (see SPEC.md beside this file). Layout, limits and the exact
// bytes of nonces and additional data live here, so the sealer and the reader cannot drift apart.
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import { utf8 } from '../encoding.js';

export const FORMAT_NAME = 'yangguang/sealed-bid';
/** Version 1: shares RSA-wrapped, checkable only at the opening. Still read and opened. */
export const FORMAT_VERSION = 1;
/** Version 2: PVSS shares whose openability anyone can check at receipt (SPEC.md); sealers write it. */
export const OPENABLE_FORMAT_VERSION = 2;
export const SUPPORTED_VERSIONS: readonly number[] = [1, 2];
export const FILE_MAGIC = utf8('YGSB');
export const TRAILER_MAGIC = utf8('YGSE');
/** magic (4) ‖ version (1) ‖ header length (u32 BE). */
export const PREAMBLE_BYTES = 9;
/** magic (4) ‖ trailer length (u32 BE). */
export const TRAILER_PREAMBLE_BYTES = 8;

export const KEY_BYTES = 32;
export const TAG_BYTES = 16;
export const NONCE_PREFIX_BYTES = 8;
export const DEFAULT_CHUNK_SIZE = 1 << 20;
/** Small chunks only make sense in tests; large ones would make every reader buffer too much. */
export const MIN_CHUNK_SIZE = 64;
export const MAX_CHUNK_SIZE = 16 << 20;
export const MAX_HEADER_BYTES = 256 * 1024;
export const MAX_TRAILER_BYTES = 16 * 1024;
/** The chunk counter is 32 bits wide in the nonce. */
export const MAX_CHUNKS = 2 ** 32 - 1;

export const ALGORITHMS = {
  content: 'AES-256-GCM',
  keySplit: 'SSS-GF256',
  keyWrap: 'RSA-OAEP-SHA256',
  signature: 'RSA-PSS-SHA256',
  digest: 'SHA-256',
} as const;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .max(4096);
const serial = z.string().regex(/^[0-9a-f]{1,64}$/);
const id = z.string().min(1).max(64);

const custodianShare = z.strictObject({
  position: z.number().int().min(1).max(16),
  certificateSerial: serial,
  wrappedShare: base64,
  shareCheck: hex(32),
});

const common = {
  format: z.literal(FORMAT_NAME),
  tender: z.strictObject({ id, code: z.string().min(1).max(40) }),
  section: z.strictObject({ id, code: z.string().min(1).max(40) }),
  bidder: z.strictObject({ partyId: id, certificateSerial: serial }),
  /** The client's own clock: informational only, the server's clock decides lateness. */
  sealedAt: z.iso.datetime(),
  chunkSize: z.number().int().min(MIN_CHUNK_SIZE).max(MAX_CHUNK_SIZE),
  plaintextSize: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  noncePrefix: hex(NONCE_PREFIX_BYTES),
  bidderWrap: z.strictObject({ certificateSerial: serial, wrappedKey: base64 }),
};

export const sealedBidHeaderV1Schema = z.strictObject({
  ...common,
  version: z.literal(1),
  algorithms: z.strictObject({
    content: z.literal(ALGORITHMS.content),
    keySplit: z.literal(ALGORITHMS.keySplit),
    keyWrap: z.literal(ALGORITHMS.keyWrap),
    signature: z.literal(ALGORITHMS.signature),
    digest: z.literal(ALGORITHMS.digest),
  }),
  keyCheck: hex(32),
  custodians: z.strictObject({
    threshold: z.number().int().min(2).max(16),
    shares: z.array(custodianShare).min(2).max(16),
  }),
});

export const ALGORITHMS_V2 = { ...ALGORITHMS, keySplit: 'PVSS-P256-SCHOENMAKERS' } as const;

const point = z.string().regex(/^0[23][0-9a-f]{64}$/);

/** A custodian's PVSS key, signed (RSA-PSS-SHA256) by the key of the certificate it names (SPEC.md). */
export const custodianKeySchema = z.strictObject({
  publicKey: point,
  /** The 32-byte seed of the private scalar, RSA-OAEP-wrapped to the custodian's own certificate. */
  wrappedSeed: base64,
  signature: base64,
});
export type CustodianKey = z.infer<typeof custodianKeySchema>;

const custodianShareV2 = z.strictObject({
  position: z.number().int().min(1).max(16),
  certificateSerial: serial,
  custodianKey: custodianKeySchema,
  encryptedShare: point,
  proof: z.strictObject({ c: hex(32), z: hex(32) }),
});

export const sealedBidHeaderV2Schema = z.strictObject({
  ...common,
  version: z.literal(2),
  algorithms: z.strictObject({
    content: z.literal(ALGORITHMS_V2.content),
    keySplit: z.literal(ALGORITHMS_V2.keySplit),
    keyWrap: z.literal(ALGORITHMS_V2.keyWrap),
    signature: z.literal(ALGORITHMS_V2.signature),
    digest: z.literal(ALGORITHMS_V2.digest),
  }),
  custodians: z.strictObject({
    threshold: z.number().int().min(2).max(16),
    /** Feldman commitments a₀·G … a_{k−1}·G; exactly `threshold` of them. */
    commitments: z.array(point).min(2).max(16),
    shares: z.array(custodianShareV2).min(2).max(16),
  }),
});

export const sealedBidHeaderSchema = z.discriminatedUnion('version', [
  sealedBidHeaderV1Schema,
  sealedBidHeaderV2Schema,
]);

export type SealedBidHeaderV1 = z.infer<typeof sealedBidHeaderV1Schema>;
export type SealedBidHeaderV2 = z.infer<typeof sealedBidHeaderV2Schema>;
export type SealedBidHeader = SealedBidHeaderV1 | SealedBidHeaderV2;
export type CustodianShare = z.infer<typeof custodianShare>;
export type CustodianShareV2 = z.infer<typeof custodianShareV2>;

export const trailerSchema = z.strictObject({
  bodyDigest: hex(32),
  signature: base64,
});
export type SealedBidTrailer = z.infer<typeof trailerSchema>;

export function chunkCount(plaintextSize: number, chunkSize: number): number {
  return Math.ceil(plaintextSize / chunkSize);
}

/** Plaintext bytes in chunk `index` (every chunk is full but the last). */
export function chunkPlainLength(
  header: Pick<SealedBidHeader, 'plaintextSize' | 'chunkSize'>,
  index: number,
) {
  return Math.min(header.chunkSize, header.plaintextSize - index * header.chunkSize);
}

/** Ciphertext bytes between the header and the trailer. */
export function bodyLength(header: Pick<SealedBidHeader, 'plaintextSize' | 'chunkSize'>): number {
  return header.plaintextSize + chunkCount(header.plaintextSize, header.chunkSize) * TAG_BYTES;
}

/** nonce = random prefix (8 bytes) ‖ chunk counter (u32 BE): unique per chunk under one fresh key. */
export function chunkNonce(prefix: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const nonce = new Uint8Array(NONCE_PREFIX_BYTES + 4);
  nonce.set(prefix, 0);
  new DataView(nonce.buffer).setUint32(NONCE_PREFIX_BYTES, index);
  return nonce;
}

/**
 * Additional data of chunk `index`: magic ‖ version ‖ SHA-256(header) ‖ index (u32 BE) ‖ final flag.
 * The header digest stops splicing one file's chunks under another's header, the index stops
 * reordering, and the final flag stops truncation at a chunk boundary.
 */
export function chunkAdditionalData(
  headerSha256: Uint8Array,
  index: number,
  final: boolean,
  version: number = 1,
) {
  const ad = new Uint8Array(4 + 1 + 32 + 4 + 1);
  ad.set(FILE_MAGIC, 0);
  ad[4] = version;
  ad.set(headerSha256, 5);
  new DataView(ad.buffer).setUint32(37, index);
  ad[41] = final ? 1 : 0;
  return ad;
}

export function preamble(headerBytes: Uint8Array, version: number = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(PREAMBLE_BYTES + headerBytes.length);
  out.set(FILE_MAGIC, 0);
  out[4] = version;
  new DataView(out.buffer).setUint32(5, headerBytes.length);
  out.set(headerBytes, PREAMBLE_BYTES);
  return out;
}

export function trailerBytes(trailerJson: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(TRAILER_PREAMBLE_BYTES + trailerJson.length);
  out.set(TRAILER_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, trailerJson.length);
  out.set(trailerJson, TRAILER_PREAMBLE_BYTES);
  return out;
}

/** What the bidder signs: the header and the ciphertext, each by its digest. */
export function signedStatement(headerSha256Hex: string, bodyDigestHex: string): string {
  return canonicalJson({
    purpose: `${FORMAT_NAME}/signature`,
    headerSha256: headerSha256Hex,
    bodyDigest: bodyDigestHex,
  });
}
