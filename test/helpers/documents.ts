import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import type { TenderInput } from '../../src/modules/tenders/schemas.js';
import { bearer, type TestUser } from './api.js';
import type { TestPlatform } from './platform.js';
import { validTender, type TenderWorld } from './tenders.js';

/** supertest parser that keeps a response body as raw bytes, whatever its type. */
export function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

export const as = (user: TestUser | null, r: request.Test) => (user ? r.set(bearer(user.token)) : r);

export function upload(
  t: TestPlatform,
  user: TestUser | null,
  tenderId: string,
  query: { name?: string; amendment?: number | string },
  content: Buffer | string,
  type = 'application/pdf',
) {
  const r = request(t.app).post(`/api/v1/tenders/${tenderId}/documents`).query(query);
  return as(user, r).set('Content-Type', type).send(Buffer.from(content));
}

export function download(t: TestPlatform, user: TestUser | null, documentId: string) {
  return as(user, request(t.app).get(`/api/v1/documents/${documentId}/content`))
    .buffer(true)
    .parse(binary);
}

/** A tender draft by the world's tenderee, with the world's agency appointed (both manage it). */
export async function draftTender(t: TestPlatform, world: TenderWorld, overrides: Partial<TenderInput> = {}) {
  const body = validTender(world, t.clock.now(), { agencyPartyId: world.agency.partyId, ...overrides });
  const res = await request(t.app).post('/api/v1/tenders').set(bearer(world.tenderee.token)).send(body);
  if (res.status !== 201) throw new Error(`draft failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.tender.id as string;
}

export async function publish(t: TestPlatform, world: TenderWorld, tenderId: string) {
  await request(t.app)
    .post(`/api/v1/tenders/${tenderId}/publication`)
    .set(bearer(world.tenderee.token))
    .expect(200);
}

/** An issued clarification or amendment, written as the enquiries module writes it. */
export async function issueClarification(
  t: TestPlatform,
  world: TenderWorld,
  tenderId: string,
  number: number,
  kind: 'clarification' | 'amendment',
) {
  const tender = (await t.platform.tenders.find(tenderId))!;
  await t.platform.models.TenderClarification.create({
    id: randomUUID(),
    tenderId,
    number,
    kind,
    title: `第${number}号${kind === 'amendment' ? '修改' : '澄清'}`,
    body: '招标文件第三章技术要求修改如下。',
    previousBidDeadline: tender.bidDeadline,
    bidDeadline: tender.bidDeadline,
    publishedAt: t.clock.now(),
    createdBy: world.tenderee.userId,
  });
}

/** Every file under the platform's blob store (staging included), relative to it. */
export function blobFiles(t: TestPlatform): string[] {
  const root = join(t.dir, 'blobs');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/** What a refused request must leave unchanged: rows, blobs and the audit chain's head. */
export async function snapshot(t: TestPlatform) {
  const { TenderDocument, DocumentDownload, AuditHead } = t.platform.models;
  return {
    documents: await TenderDocument.count(),
    downloads: await DocumentDownload.count(),
    blobs: blobFiles(t),
    auditSeq: Number((await AuditHead.findByPk(1))!.seq),
  };
}

/** The app on a real port, for streaming bodies through real sockets. */
export async function listen(t: TestPlatform): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
