// Loads the checked-in vectors (Node only: tests and tools).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BidManifest } from '../bid-package.js';

interface Holder {
  keyPem: string;
  certPem: string;
  serial: string;
}

export interface SealedBidVector {
  rootPem: string;
  bidder: Holder & { partyId: string };
  custodians: (Holder & { position: number })[];
  contentKey: string;
  manifest: BidManifest;
  attachmentText: string;
  file: Uint8Array;
}

export function loadSealedBidVector(): SealedBidVector {
  const at = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  const meta = JSON.parse(readFileSync(at('sealed-bid-v1.json'), 'utf8')) as Omit<SealedBidVector, 'file'>;
  return { ...meta, file: new Uint8Array(readFileSync(at('sealed-bid-v1.ygsb'))) };
}
