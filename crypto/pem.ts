// PEM <-> DER without Buffer, so the same code runs in Node and the browser.
import { fromBase64, toBase64 } from './encoding.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export type PemBlock = { label: string; der: Uint8Array<ArrayBuffer> };

/** Every PEM block in the text, in order (a certificate file may hold a chain). */
export function pemBlocks(pem: string): PemBlock[] {
  return [...pem.matchAll(PEM_BLOCK)].map((m) => ({
    label: m[1] ?? '',
    der: fromBase64((m[2] ?? '').replace(/\s+/g, '')),
  }));
}

/** The label of the first PEM block ("CERTIFICATE", "PUBLIC KEY", ...). */
export function pemLabel(pem: string): string {
  const first = pemBlocks(pem)[0];
  if (!first) throw new Error('Not a PEM document: no -----BEGIN ...----- block found');
  return first.label;
}

/** DER bytes of the first block, or of the first block with the given label. */
export function pemToDer(pem: string, label?: string): Uint8Array<ArrayBuffer> {
  const blocks = pemBlocks(pem);
  const block = label === undefined ? blocks[0] : blocks.find((b) => b.label === label);
  if (!block) throw new Error(label ? `No "${label}" PEM block found` : 'Not a PEM document');
  return block.der;
}

export function derToPem(der: Uint8Array, label: string): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * node-forge writes PEM with CRLF line ends; we store and compare PEM as text, so every PEM
 * leaving crypto/ uses LF only.
 */
export function normalizePem(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}
