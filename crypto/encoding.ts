// Byte/text conversions shared by every crypto module. No Buffer: this file runs in the browser too.

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!HEX.test(hex)) throw new Error('Invalid hex string: expected an even number of hex digits');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

// btoa/atob work on "binary strings"; build them in chunks so a large bid does not overflow the
// argument limit of String.fromCharCode.
const CHUNK = 0x8000;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    throw new Error('Invalid base64 string');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function utf8(s: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(s);
}

/**
 * WebCrypto only takes views over a plain ArrayBuffer; copy the rare view over a SharedArrayBuffer
 * instead of lying to the type checker.
 */
export function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

export function bytesOf(data: Uint8Array | string): Uint8Array<ArrayBuffer> {
  return typeof data === 'string' ? utf8(data) : asBufferSource(data);
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytesOf(data));
  return toHex(new Uint8Array(digest));
}

export function concatBytes(parts: Uint8Array[], length = parts.reduce((n, p) => n + p.length, 0)) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
