/**
 * Sealing in the browser (docs/design.md §6): the bid package (form + attachments) is encrypted here with the
 * WebCrypto engine, 1 MiB at a time, and the sealed pieces are gathered into a Blob to upload. Nothing
 * readable leaves this function: not the form, not the attachments, not the content key.
 */
import {
  bidPackage,
  bidPackageSize,
  custodianKeySigned,
  sealBid,
  type BidManifest,
  type SealParams,
} from '../../../../crypto/sealed-bid/index.js';
import type { StoredIdentity } from '../../keys/key-store.js';
import { signWith } from '../../keys/generate.js';
import type { TenderView } from '../../tender-types.js';

export interface BidContent {
  form: Record<string, string | number>;
  files: File[];
}

export class SealError extends Error {
  constructor(readonly code: 'SEAL_NO_CUSTODIANS' | 'SEAL_NO_CERTIFICATE') {
    super(code);
    this.name = 'SealError';
  }
}

/** Reads a file in slices, so an attachment of any size is never held whole. */
async function* fileSlices(file: Blob, slice = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.size; at += slice) {
    yield new Uint8Array(await file.slice(at, at + slice).arrayBuffer());
  }
}

async function* counted(
  source: AsyncIterable<Uint8Array>,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    onBytes(piece.length);
    yield piece;
  }
}

export async function sealBidInBrowser(
  tender: TenderView,
  sectionId: string,
  identity: StoredIdentity,
  content: BidContent,
  onProgress: (done: number, total: number) => void,
  sealedAt: Date,
): Promise<Blob> {
  const section = tender.sections.find((s) => s.id === sectionId);
  if (!section) throw new RangeError(`No section ${sectionId} in this tender`);
  if (!identity.certificatePem || !identity.serial || !identity.partyId) {
    throw new SealError('SEAL_NO_CERTIFICATE');
  }
  const plain = tender.custodians.members.map((m) => {
    if (!m.certificatePem || !m.certificateSerial) throw new SealError('SEAL_NO_CUSTODIANS');
    return { position: m.position, certificatePem: m.certificatePem, certificateSerial: m.certificateSerial };
  });
  // Format 2 (openability proven at receipt) when every custodian published a key signed by its frozen
  // certificate, checked here so a server cannot slip in a key of its own; format 1 otherwise.
  const keys = tender.custodians.members.map((m) => m.curveKey);
  const signed = await Promise.all(
    plain.map((m, i) => {
      const key = keys[i];
      return key ? custodianKeySigned(m.certificatePem, m.certificateSerial, key) : false;
    }),
  );
  const members = signed.every(Boolean) ? plain.map((m, i) => ({ ...m, custodianKey: keys[i]! })) : plain;
  const manifest: BidManifest = {
    form: content.form,
    attachments: content.files.map((f) => ({
      name: f.name,
      size: f.size,
      mediaType: f.type || 'application/octet-stream',
    })),
  };
  const total = bidPackageSize(manifest);
  let done = 0;
  const plaintext = counted(
    bidPackage(
      manifest,
      content.files.map((f) => fileSlices(f)),
    ),
    (n) => {
      done += n;
      onProgress(done, total);
    },
  );
  const signKey = identity.signKey;
  const params: SealParams = {
    tender: { id: tender.id, code: tender.code },
    section: { id: section.id, code: section.code },
    bidder: {
      partyId: identity.partyId,
      certificatePem: identity.certificatePem,
      certificateSerial: identity.serial,
      sign: (data) => signWith(signKey, data),
    },
    custodians: { threshold: tender.custodians.threshold, members },
    plaintextSize: total,
    sealedAt,
  };
  const parts: BlobPart[] = [];
  for await (const piece of sealBid(params, plaintext)) parts.push(piece as Uint8Array<ArrayBuffer>);
  return new Blob(parts, { type: 'application/vnd.yangguang.sealed-bid' });
}
