import { generateKeyPair } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Express } from 'express';
import request from 'supertest';
import { createCsr, sealedBid, signPss } from '../../crypto/index.js';
import { nodeEngine } from '../../crypto/node/engine.js';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { bearer, type TestUser } from './api.js';
import type { TestPlatform } from './platform.js';

/** A bidder's own key and the platform certificate for it, as its client holds them. */
export interface BidderKeys {
  keyPem: string;
  certPem: string;
  serial: string;
}

const rsa = promisify(generateKeyPair);

export async function newKeyPem(modulusLength = 2048): Promise<string> {
  const { privateKey } = await rsa('rsa', { modulusLength });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A key pair made on the bidder's machine and certified by the platform CA through the API. */
export async function certifyBidder(app: Express, user: TestUser, keyPem?: string): Promise<BidderKeys> {
  const key = keyPem ?? (await newKeyPem());
  const res = await request(app)
    .post('/api/v1/certificates')
    .set(bearer(user.token))
    .send({ csrPem: createCsr({ keyPem: key, commonName: user.username }) });
  if (res.status !== 201) throw new Error(`certificate: ${res.status} ${JSON.stringify(res.body)}`);
  return { keyPem: key, certPem: res.body.pem as string, serial: res.body.serial as string };
}

export interface SealOptions {
  /** Plaintext bytes of the attachment (a repeating pattern), default 3000. */
  attachmentBytes?: number;
  chunkSize?: number;
  /** What a forger or a confused client would change. */
  tender?: { id: string; code: string };
  section?: { id: string; code: string };
  partyId?: string;
  /** Another certificate to name and sign with (by default the bidder's own). */
  signer?: BidderKeys;
  threshold?: number;
  custodians?: { position: number; certificatePem: string; certificateSerial: string }[];
  priceFen?: number;
}

/** Attachment bytes: a pattern, so a big bid is made on the fly, never held. */
export async function* patternBytes(total: number, piece = 1 << 20): AsyncGenerator<Uint8Array> {
  const block = new Uint8Array(piece);
  for (let i = 0; i < piece; i++) block[i] = (i * 31 + 7) & 0xff;
  for (let left = total; left > 0; left -= piece) yield left >= piece ? block : block.subarray(0, left);
}

/** The sealed file as a stream of pieces, sealed on the fly exactly as the CLI does. */
export function sealStream(
  tender: TenderView,
  partyId: string,
  keys: BidderKeys,
  opts: SealOptions = {},
): AsyncGenerator<Uint8Array> {
  const size = opts.attachmentBytes ?? 3000;
  const manifest = {
    form: { price: opts.priceFen ?? 88_000_000, durationDays: 180 },
    attachments: [{ name: '投标文件.pdf', size, mediaType: 'application/pdf' }],
  };
  const section = tender.sections[0]!;
  const signer = opts.signer ?? keys;
  return sealedBid.sealBid(
    {
      tender: opts.tender ?? { id: tender.id, code: tender.code },
      section: opts.section ?? { id: section.id, code: section.code },
      bidder: {
        partyId: opts.partyId ?? partyId,
        certificatePem: signer.certPem,
        certificateSerial: signer.serial,
        sign: (data) => signPss(signer.keyPem, data),
      },
      custodians: {
        threshold: opts.threshold ?? tender.custodians.threshold,
        members:
          opts.custodians ??
          tender.custodians.members.map((m) => ({
            position: m.position,
            certificatePem: m.certificatePem!,
            certificateSerial: m.certificateSerial!,
          })),
      },
      plaintextSize: sealedBid.bidPackageSize(manifest),
      sealedAt: new Date('2026-01-05T02:00:00Z'),
      chunkSize: opts.chunkSize ?? 1024,
      engine: nodeEngine,
    },
    sealedBid.bidPackage(manifest, [patternBytes(size)]),
  );
}

/** The whole sealed file in memory: for small test bids only. */
export async function sealFile(
  tender: TenderView,
  partyId: string,
  keys: BidderKeys,
  opts: SealOptions = {},
): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of sealStream(tender, partyId, keys, opts)) pieces.push(Buffer.from(piece));
  return Buffer.concat(pieces);
}

export const sectionBidsUrl = (tender: TenderView) =>
  `/api/v1/tenders/${tender.id}/sections/${tender.sections[0]!.id}/bids`;

export const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const testDevice = { tool: 'yangguang-test/0.1.0', deviceId: 'device-0001' };

/** POSTs a sealed file as a bidder client does. */
export function submitBid(
  app: Express,
  token: string | null,
  tender: TenderView,
  file: Buffer,
  headers: Record<string, string> = {},
): request.Test {
  return request(app)
    .post(sectionBidsUrl(tender))
    .set(token === null ? {} : bearer(token))
    .set('Content-Type', 'application/vnd.yangguang.sealed-bid')
    .set('X-Client-Device', base64urlJson(testDevice))
    .set(headers)
    .send(file);
}

/** Everything a submission could leave behind: rows, blobs (published and staged), the audit head. */
export async function storedState(t: TestPlatform) {
  const { models } = t.platform;
  const root = join(t.dir, 'blobs');
  const files = existsSync(root) ? (readdirSync(root, { recursive: true }) as string[]).sort() : [];
  const head = await models.AuditHead.findByPk(1);
  return {
    bids: await models.Bid.count(),
    versions: await models.BidVersion.count(),
    files: files.filter((f) => statSync(join(root, f)).isFile()),
    auditSeq: Number(head!.seq),
  };
}
