// Sealing a bid on the bidder's machine: a fresh content key encrypts the bid package in chunks, is
// split among the tender's custodians and wrapped to the bidder, and the bidder signs the result.
// The output is produced piece by piece, so a bid of any size seals in constant memory.
import { canonicalJson } from '../canonical-json.js';
import { toHex, utf8 } from '../encoding.js';
import { webCryptoEngine, type CryptoEngine } from './engine.js';
import {
  ALGORITHMS,
  DEFAULT_CHUNK_SIZE,
  ALGORITHMS_V2,
  FORMAT_NAME,
  chunkAdditionalData,
  chunkCount,
  chunkNonce,
  preamble,
  sealedBidHeaderSchema,
  signedStatement,
  trailerBytes,
  NONCE_PREFIX_BYTES,
  type CustodianKey,
  type SealedBidHeader,
  type SealedBidHeaderV1,
  type SealedBidHeaderV2,
} from './format.js';
import { contentKeyFromSecret, deal } from './pvss.js';
import { sharesContext } from './openability.js';
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
  /**
   * With every member's signed PVSS key (as the tender publishes it) the bid is sealed in version 2, its
   * openability provable at receipt; without, in version 1 (tenders whose custodians registered none).
   */
  custodians: {
    threshold: number;
    members: (CertificateRef & { position: number; custodianKey?: CustodianKey })[];
  };
  plaintextSize: number;
  sealedAt: Date;
  chunkSize?: number;
  engine?: CryptoEngine;
  /** Test vectors only: a given content key instead of a fresh random one (never reuse a key). */
  contentKey?: Uint8Array;
}

export async function* sealBid(params: SealParams, plaintext: ByteSource): AsyncGenerator<Uint8Array> {
  const engine = params.engine ?? webCryptoEngine;
  const v2 = params.custodians.members.every((m) => m.custodianKey);
  const dealt = v2 ? dealFor(params) : undefined;
  const key = dealt ? contentKeyFromSecret(dealt.secret) : (params.contentKey ?? randomContentKey());
  try {
    const noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
    const header = dealt
      ? await buildHeaderV2(params, dealt, noncePrefix)
      : await buildHeader(params, key, noncePrefix);
    const headerBytes = utf8(canonicalJson(header));
    yield preamble(headerBytes, header.version);

    const headerHash = engine.sha256();
    headerHash.update(headerBytes);
    const headerSha256 = await headerHash.digest();
    const bodyDigest = engine.sha256();
    const body = { engine, key, noncePrefix, headerSha256, header, version: header.version };
    for await (const sealed of encryptBody(body, plaintext)) {
      const chunkHash = engine.sha256();
      chunkHash.update(sealed);
      bodyDigest.update(await chunkHash.digest());
      yield sealed;
    }
    const digestHex = toHex(await bodyDigest.digest());
    const signature = await params.bidder.sign(utf8(signedStatement(toHex(headerSha256), digestHex)));
    yield trailerBytes(utf8(canonicalJson({ bodyDigest: digestHex, signature })));
  } finally {
    if (!params.contentKey || dealt) key.fill(0);
    dealt?.secret.fill(0);
    dealt?.secretScalar.fill(0);
  }
}

export interface BodyParams {
  engine: CryptoEngine;
  key: Uint8Array;
  noncePrefix: Uint8Array;
  headerSha256: Uint8Array;
  header: Pick<SealedBidHeader, 'chunkSize' | 'plaintextSize'>;
  /** The format version bound into each chunk's additional data (1 when not given). */
  version?: number;
}

/** The ciphertext body alone: deterministic for a given key, nonce prefix and header (test vectors). */
export async function* encryptBody(p: BodyParams, plaintext: ByteSource): AsyncGenerator<Uint8Array> {
  const cipher = await p.engine.cipher(p.key);
  const last = chunkCount(p.header.plaintextSize, p.header.chunkSize) - 1;
  let index = 0;
  for await (const chunk of rechunk(plaintext, p.header.chunkSize, p.header.plaintextSize)) {
    const ad = chunkAdditionalData(p.headerSha256, index, index === last, p.version ?? 1);
    yield await cipher.encrypt(chunkNonce(p.noncePrefix, index), ad, chunk);
    index++;
  }
}

function sortedMembers(p: SealParams) {
  const members = [...p.custodians.members].sort((a, b) => a.position - b.position);
  if (new Set(members.map((m) => m.position)).size !== members.length) {
    throw new RangeError('Custodian positions must be distinct');
  }
  if (p.custodians.threshold < 2 || p.custodians.threshold > members.length) {
    throw new RangeError(
      `A threshold of ${p.custodians.threshold} does not fit ${members.length} custodians`,
    );
  }
  return members;
}

/** Version 2: the key is derived from a secret dealt by PVSS to the custodians' signed keys. */
function dealFor(p: SealParams) {
  const members = sortedMembers(p);
  const context = sharesContext(p.tender, p.section, p.bidder.partyId, p.custodians.threshold);
  return deal(
    p.custodians.threshold,
    members.map((m) => ({ position: m.position, publicKey: (m.custodianKey as CustodianKey).publicKey })),
    context,
  );
}

async function buildHeaderV2(
  p: SealParams,
  dealt: ReturnType<typeof deal>,
  noncePrefix: Uint8Array,
): Promise<SealedBidHeaderV2> {
  const members = sortedMembers(p);
  const header: SealedBidHeaderV2 = {
    format: FORMAT_NAME,
    version: 2,
    tender: p.tender,
    section: p.section,
    bidder: { partyId: p.bidder.partyId, certificateSerial: p.bidder.certificateSerial },
    sealedAt: p.sealedAt.toISOString(),
    algorithms: ALGORITHMS_V2,
    chunkSize: p.chunkSize ?? DEFAULT_CHUNK_SIZE,
    plaintextSize: p.plaintextSize,
    noncePrefix: toHex(noncePrefix),
    custodians: {
      threshold: p.custodians.threshold,
      commitments: dealt.commitments,
      shares: members.map((m, i) => ({
        position: m.position,
        certificateSerial: m.certificateSerial,
        custodianKey: m.custodianKey as CustodianKey,
        encryptedShare: dealt.shares[i]!.encryptedShare,
        proof: dealt.shares[i]!.proof,
      })),
    },
    // The bidder keeps s itself: s·G = C₀ proves it is the dealt secret (SPEC.md).
    bidderWrap: {
      certificateSerial: p.bidder.certificateSerial,
      wrappedKey: await wrapTo(p.bidder.certificatePem, dealt.secretScalar),
    },
  };
  return sealedBidHeaderSchema.parse(header) as SealedBidHeaderV2;
}

async function buildHeader(
  p: SealParams,
  key: Uint8Array,
  noncePrefix: Uint8Array,
): Promise<SealedBidHeaderV1> {
  const members = sortedMembers(p);
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
  const header: SealedBidHeaderV1 = {
    format: FORMAT_NAME,
    version: 1,
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
  return sealedBidHeaderSchema.parse(header) as SealedBidHeaderV1;
}
