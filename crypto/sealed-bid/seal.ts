// Sealing a bid on the bidder's machine: a fresh content key encrypts the bid package in chunks, is
// split among the tender's custodians and wrapped to the bidder, and the bidder signs the result.
// The output is produced piece by piece, so a bid of any size seals in constant memory.
import { canonicalJson } from '../canonical-json.js';
import { toHex, utf8 } from '../encoding.js';
import { webCryptoEngine, type CryptoEngine } from './engine.js';
import {
  ALGORITHMS,
  DEFAULT_CHUNK_SIZE,
  FORMAT_NAME,
  FORMAT_VERSION,
  chunkAdditionalData,
  chunkCount,
  chunkNonce,
  preamble,
  sealedBidHeaderSchema,
  signedStatement,
  trailerBytes,
  NONCE_PREFIX_BYTES,
  type SealedBidHeader,
} from './format.js';
import { keyCheck, randomBytes, randomContentKey, shareCheck, splitKey, wrapTo } from './key-material.js';
import { rechunk, type ByteSource } from './rechunk.js';

/** Signs bytes with the bidder's key (RSA-PSS-SHA256) and returns the signature in base64. */
export type SignFn = (data: Uint8Array) => Promise<string>;

export interface CertificateRef {
  certificatePem: string;
  /** Lower-case hex, as the platform CA writes serials. */
  certificateSerial: string;
}

export interface SealParams {
  tender: { id: string; code: string };
  section: { id: string; code: string };
  bidder: CertificateRef & { partyId: string; sign: SignFn };
  custodians: { threshold: number; members: (CertificateRef & { position: number })[] };
  plaintextSize: number;
  sealedAt: Date;
  chunkSize?: number;
  engine?: CryptoEngine;
  /** Test vectors only: a given content key instead of a fresh random one (never reuse a key). */
  contentKey?: Uint8Array;
}

export async function* sealBid(params: SealParams, plaintext: ByteSource): AsyncGenerator<Uint8Array> {
  const engine = params.engine ?? webCryptoEngine;
  const key = params.contentKey ?? randomContentKey();
  try {
    const noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
    const header = await buildHeader(params, key, noncePrefix);
    const headerBytes = utf8(canonicalJson(header));
    yield preamble(headerBytes);

    const headerHash = engine.sha256();
    headerHash.update(headerBytes);
    const headerSha256 = await headerHash.digest();
    const bodyDigest = engine.sha256();
    for await (const sealed of encryptBody({ engine, key, noncePrefix, headerSha256, header }, plaintext)) {
      const chunkHash = engine.sha256();
      chunkHash.update(sealed);
      bodyDigest.update(await chunkHash.digest());
      yield sealed;
    }
    const digestHex = toHex(await bodyDigest.digest());
    const signature = await params.bidder.sign(utf8(signedStatement(toHex(headerSha256), digestHex)));
    yield trailerBytes(utf8(canonicalJson({ bodyDigest: digestHex, signature })));
  } finally {
    if (!params.contentKey) key.fill(0);
  }
}

export interface BodyParams {
  engine: CryptoEngine;
  key: Uint8Array;
  noncePrefix: Uint8Array;
  headerSha256: Uint8Array;
  header: Pick<SealedBidHeader, 'chunkSize' | 'plaintextSize'>;
}

/** The ciphertext body alone: deterministic for a given key, nonce prefix and header (test vectors). */
export async function* encryptBody(p: BodyParams, plaintext: ByteSource): AsyncGenerator<Uint8Array> {
  const cipher = await p.engine.cipher(p.key);
  const last = chunkCount(p.header.plaintextSize, p.header.chunkSize) - 1;
  let index = 0;
  for await (const chunk of rechunk(plaintext, p.header.chunkSize, p.header.plaintextSize)) {
    const ad = chunkAdditionalData(p.headerSha256, index, index === last);
    yield await cipher.encrypt(chunkNonce(p.noncePrefix, index), ad, chunk);
    index++;
  }
}

async function buildHeader(
  p: SealParams,
  key: Uint8Array,
  noncePrefix: Uint8Array,
): Promise<SealedBidHeader> {
  const members = [...p.custodians.members].sort((a, b) => a.position - b.position);
  if (new Set(members.map((m) => m.position)).size !== members.length) {
    throw new RangeError('Custodian positions must be distinct');
  }
  if (p.custodians.threshold < 2 || p.custodians.threshold > members.length) {
    throw new RangeError(
      `A threshold of ${p.custodians.threshold} does not fit ${members.length} custodians`,
    );
  }
  const shares = await splitKey(key, members.length, p.custodians.threshold);
  const wrapped = await Promise.all(
    members.map(async (m, i) => {
      const share = shares[i] as Uint8Array;
      return {
        position: m.position,
        certificateSerial: m.certificateSerial,
        wrappedShare: await wrapTo(m.certificatePem, share),
        shareCheck: await shareCheck(m.position, share),
      };
    }),
  );
  for (const share of shares) share.fill(0);
  const header: SealedBidHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    tender: p.tender,
    section: p.section,
    bidder: { partyId: p.bidder.partyId, certificateSerial: p.bidder.certificateSerial },
    sealedAt: p.sealedAt.toISOString(),
    algorithms: ALGORITHMS,
    chunkSize: p.chunkSize ?? DEFAULT_CHUNK_SIZE,
    plaintextSize: p.plaintextSize,
    noncePrefix: toHex(noncePrefix),
    keyCheck: await keyCheck(key),
    custodians: { threshold: p.custodians.threshold, shares: wrapped },
    bidderWrap: {
      certificateSerial: p.bidder.certificateSerial,
      wrappedKey: await wrapTo(p.bidder.certificatePem, key),
    },
  };
  // Seal only what a reader will accept.
  return sealedBidHeaderSchema.parse(header);
}
