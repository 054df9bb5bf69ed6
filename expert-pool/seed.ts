import { canonicalJson, fromHex, toHex, utf8 } from '../crypto/index.js';
import { sha256, concatBytes } from './sha256.js';
import type { DrawRequest } from './types.js';

// docs/design.md §8: commit to a secret before the draw, let the supervisor add entropy, and derive the seed
// from secret ‖ entropy ‖ request digest, so neither the platform nor the supervisor alone chooses the outcome
// and the request cannot be changed after the commitment without changing the seed.

const SECRET = /^[0-9a-f]{64}$/;
const ENTROPY = /^(?:[0-9a-f]{2}){0,64}$/;

/** Supervisor entropy is at most 64 bytes, given as lowercase hex ('' for none). */
export const MAX_ENTROPY_HEX = 128;

export function isDrawSecret(hex: string): boolean {
  return SECRET.test(hex);
}

export function isEntropy(hex: string): boolean {
  return ENTROPY.test(hex);
}

/** 32 random bytes from the platform's CSPRNG (WebCrypto), as lowercase hex. */
export function newDrawSecret(): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

export function sha256HexSync(data: Uint8Array | string): string {
  return toHex(sha256(typeof data === 'string' ? utf8(data) : data));
}

/** SHA-256 hex of the canonical JSON of the request. */
export function requestDigest(request: DrawRequest): string {
  return sha256HexSync(canonicalJson(request));
}

/** SHA-256 hex of the secret's 32 bytes: published to the supervisor before the draw. */
export function commitment(secretHex: string): string {
  assertSecret(secretHex);
  return sha256HexSync(fromHex(secretHex));
}

/** seed = SHA-256(secret bytes ‖ entropy bytes ‖ digest bytes), as hex. */
export function drawSeed(secretHex: string, entropyHex: string, requestDigestHex: string): string {
  assertSecret(secretHex);
  if (!isEntropy(entropyHex)) throw new Error('Entropy must be lowercase hex, at most 64 bytes');
  if (!SECRET.test(requestDigestHex)) throw new Error('The request digest must be 64 lowercase hex digits');
  // The secret and the digest have fixed lengths, so the concatenation is unambiguous.
  return toHex(sha256(concatBytes(fromHex(secretHex), fromHex(entropyHex), fromHex(requestDigestHex))));
}

/** Seed of the i-th redraw (i = 1, 2, ...): SHA-256(seed bytes ‖ 'redraw' ‖ decimal i). */
export function redrawSeed(seedHex: string, i: number): string {
  if (!Number.isInteger(i) || i < 1) throw new Error('Redraw numbers start at 1');
  return toHex(sha256(concatBytes(fromHex(seedHex), utf8('redraw'), utf8(String(i)))));
}

function assertSecret(secretHex: string): void {
  if (!SECRET.test(secretHex)) throw new Error('A draw secret must be 64 lowercase hex digits (32 bytes)');
}
