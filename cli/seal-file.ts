// Seals a bid into a file: the bid package (form + attachments streamed from disk) goes through
// sealBid piece by piece and out to disk, so memory stays flat for any size. The file appears under
// its name only when complete and fsynced; a failed seal leaves nothing that looks like a bid.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import { sealedBid } from '../crypto/index.js';
import { nodeEngine } from '../crypto/node/engine.js';
import { attachmentSource, type Attachment } from './attachments.js';
import type { FormValue } from './bid-form.js';
import type { Credentials } from './credentials.js';
import type { Progress } from './progress.js';

export interface SealFileParams {
  tender: { id: string; code: string };
  section: { id: string; code: string };
  custodians: sealedBid.SealParams['custodians'];
  partyId: string;
  credentials: Credentials;
  form: Record<string, FormValue>;
  attachments: Attachment[];
  out: string;
  sealedAt: Date;
  chunkSize?: number;
  progress?: Progress;
  /** Replace an existing file at `out`. */
  overwrite?: boolean;
}

export interface SealedFile {
  path: string;
  size: number;
  sha256: string;
  plaintextSize: number;
}

export async function sealToFile(p: SealFileParams): Promise<SealedFile> {
  const manifest: sealedBid.BidManifest = {
    form: p.form,
    attachments: p.attachments.map(({ name, size, mediaType }) => ({ name, size, mediaType })),
  };
  const plaintextSize = sealedBid.bidPackageSize(manifest);
  p.progress?.setTotal(plaintextSize);
  const sealed = sealedBid.sealBid(
    {
      tender: p.tender,
      section: p.section,
      bidder: {
        partyId: p.partyId,
        certificatePem: p.credentials.certPem,
        certificateSerial: p.credentials.certificateSerial,
        sign: p.credentials.sign,
      },
      custodians: p.custodians,
      plaintextSize,
      sealedAt: p.sealedAt,
      chunkSize: p.chunkSize,
      engine: nodeEngine,
    },
    counted(sealedBid.bidPackage(manifest, p.attachments.map(attachmentSource)), p.progress),
  );

  const temp = `${p.out}.partial-${process.pid}`;
  const file = await open(temp, 'wx', 0o644);
  const hash = createHash('sha256');
  let size = 0;
  // Ctrl-C mid-seal: remove the half-written file, then let the signal end the process as usual.
  const onInterrupt = () => {
    rmSync(temp, { force: true });
    process.kill(process.pid, 'SIGINT');
  };
  process.once('SIGINT', onInterrupt);
  try {
    for await (const piece of sealed) {
      hash.update(piece);
      size += piece.length;
      await file.write(piece);
    }
    await file.sync();
    await file.close();
    // link() refuses an existing name, so a bid sealed meanwhile under the same name is never lost.
    if (p.overwrite) await rename(temp, p.out);
    else await link(temp, p.out).then(() => rm(temp));
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  return { path: p.out, size, sha256: hash.digest('hex'), plaintextSize };
}

async function* counted(source: AsyncIterable<Uint8Array>, progress?: Progress): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    progress?.advance(piece.length);
    yield piece;
  }
}
