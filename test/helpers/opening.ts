import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { canonicalJson, sealedBid, signPss } from '../../crypto/index.js';
import { nodeEngine } from '../../crypto/node/engine.js';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { JobRunner } from '../../src/platform/jobs/index.js';
import { bearer, createAdmin, createPartyUser, createStaff, login, type TestUser } from './api.js';
import { certifyBidder, submitBid, type BidderKeys } from './bids.js';
import type { TestPlatform } from './platform.js';
import { validTender, type TenderWorld } from './tenders.js';

/** Everyone an opening needs, with the private keys their own machines would hold. */
export interface OpeningWorld extends TenderWorld {
  custodianKeys: BidderKeys[];
  bidders: { user: TestUser; keys: BidderKeys }[];
}

let worlds = 0;

/**
 * Staff, three custodians and `bidderCount` certified bidders. With `bidderKeyPem` every bidder's certificate
 * is for that one key: generating an RSA key per bidder is what makes a benchmark's hundreds of bidders slow.
 */
export async function openingWorld(
  t: TestPlatform,
  bidderCount = 4,
  opts: { bidderKeyPem?: string } = {},
): Promise<OpeningWorld> {
  worlds += 1;
  const admin = await createAdmin(t, `admin-o${worlds}`);
  const custodians: TestUser[] = [];
  const custodianKeys: BidderKeys[] = [];
  for (let i = 1; i <= 3; i++) {
    const c = await createStaff(t, 'custodian', `custodian${i}-o${worlds}`);
    custodians.push(c);
    custodianKeys.push(await certifyBidder(t.app, c));
  }
  const bidders = [];
  for (let i = 0; i < bidderCount; i++) {
    const user = await createPartyUser(t, admin, 'bidder');
    bidders.push({ user, keys: await certifyBidder(t.app, user, opts.bidderKeyPem) });
  }
  return {
    admin,
    supervisor: await createStaff(t, 'supervisor', `supervisor-o${worlds}`),
    tenderee: await createPartyUser(t, admin, 'tenderee'),
    agency: await createPartyUser(t, admin, 'agency'),
    bidder: bidders[0]!.user,
    custodians,
    custodianKeys,
    bidders,
  };
}

/** A published tender (bid deadline 25 days on) whose bid form reads out the price and the duration. */
export async function openingTender(t: TestPlatform, w: OpeningWorld, sections = 1): Promise<TenderView> {
  const input = validTender(w, t.clock.now());
  const names = ['第一标段', '第二标段', '第三标段'];
  input.sections = names.slice(0, sections).map((name) => ({ ...input.sections[0]!, name }));
  const created = await request(t.app).post('/api/v1/tenders').set(bearer(w.tenderee.token)).send(input);
  if (created.status !== 201) throw new Error(`tender: ${JSON.stringify(created.body)}`);
  const res = await request(t.app)
    .post(`/api/v1/tenders/${created.body.tender.id}/publication`)
    .set(bearer(w.tenderee.token));
  if (res.status !== 200) throw new Error(`publish: ${JSON.stringify(res.body)}`);
  return res.body as TenderView;
}

export interface SealedTestBid {
  file: Buffer;
  /** The content key in the header's keyCheck, and the shares as split: what must never be stored early. */
  key: Uint8Array;
  shares: Uint8Array[];
  priceFen: number | undefined;
}

export interface TestSealOptions {
  sectionIndex?: number;
  priceFen?: number;
  /** Leave the price out of the form (the bidder's fault). */
  noPrice?: boolean;
  attachmentBytes?: number;
  chunkSize?: number;
  /** The bidder split another key than the one the header promises (its shares check out, rebuild wrong). */
  inconsistentSplit?: boolean;
  /** The body is encrypted under another key than the header's (GCM fails with the right key). */
  wrongBodyKey?: boolean;
  /** Real files instead of the one patterned attachment (a PDF the committee's viewer opens, say). */
  attachments?: { name: string; mediaType: string; bytes: Uint8Array }[];
  /** More bid form values, for the tender's own fields (a project manager, say). */
  form?: Record<string, string | number>;
  /** Positions whose wrappedShare is junk (no custodian can unwrap it); the header keeps the real check. */
  junkWrappedShares?: number[];
  /** Positions whose wrappedShare unwraps to another share than the header's check promises. */
  wrongWrappedShares?: number[];
}

/**
 * Seals a bid as a bidder's client does (crypto/sealed-bid pieces, node engine), but with every part in the
 * test's hands, so it can also make the broken bids a careless or cheating bidder would.
 */
export async function sealTestBid(
  tender: TenderView,
  bidder: { user: TestUser; keys: BidderKeys },
  opts: TestSealOptions = {},
): Promise<SealedTestBid> {
  const section = tender.sections[opts.sectionIndex ?? 0]!;
  const priceFen = opts.noPrice ? undefined : (opts.priceFen ?? 88_000_000);
  const size = opts.attachmentBytes ?? 3000;
  const files = opts.attachments;
  const manifest = {
    form: { ...(priceFen !== undefined && { price: priceFen }), durationDays: 180, ...opts.form },
    attachments: files
      ? files.map((f) => ({ name: f.name, size: f.bytes.length, mediaType: f.mediaType }))
      : [{ name: '投标文件.pdf', size, mediaType: 'application/pdf' }],
  };
  const key = sealedBid.randomContentKey();
  const members = tender.custodians.members;
  const splitSecret = opts.inconsistentSplit ? sealedBid.randomContentKey() : key;
  const shares = await sealedBid.splitKey(splitSecret, members.length, tender.custodians.threshold);
  const noncePrefix = randomBytes(sealedBid.NONCE_PREFIX_BYTES);
  const header: sealedBid.SealedBidHeader = {
    format: sealedBid.FORMAT_NAME,
    version: sealedBid.FORMAT_VERSION,
    tender: { id: tender.id, code: tender.code },
    section: { id: section.id, code: section.code },
    bidder: { partyId: bidder.user.partyId!, certificateSerial: bidder.keys.serial },
    sealedAt: '2026-01-05T02:00:00.000Z',
    algorithms: sealedBid.ALGORITHMS,
    chunkSize: opts.chunkSize ?? 4096,
    plaintextSize: sealedBid.bidPackageSize(manifest),
    noncePrefix: noncePrefix.toString('hex'),
    keyCheck: await sealedBid.keyCheck(key),
    custodians: {
      threshold: tender.custodians.threshold,
      shares: await Promise.all(
        members.map(async (m, i) => ({
          position: m.position,
          certificateSerial: m.certificateSerial!,
          wrappedShare: opts.junkWrappedShares?.includes(m.position)
            ? randomBytes(384).toString('base64')
            : await sealedBid.wrapTo(
                m.certificatePem!,
                opts.wrongWrappedShares?.includes(m.position) ? randomBytes(33) : shares[i]!,
              ),
          shareCheck: await sealedBid.shareCheck(m.position, shares[i]!),
        })),
      ),
    },
    bidderWrap: {
      certificateSerial: bidder.keys.serial,
      wrappedKey: await sealedBid.wrapTo(bidder.keys.certPem, key),
    },
  };
  const headerBytes = Buffer.from(canonicalJson(header));
  const headerSha256 = createHash('sha256').update(headerBytes).digest();
  const pieces: Buffer[] = [Buffer.from(sealedBid.preamble(headerBytes))];
  const bodyDigest = createHash('sha256');
  const plaintext = sealedBid.bidPackage(
    manifest,
    files ? files.map((f) => bytesOf(f.bytes)) : [pattern(size)],
  );
  const bodyKey = opts.wrongBodyKey ? sealedBid.randomContentKey() : key;
  for await (const chunk of sealedBid.encryptBody(
    { engine: nodeEngine, key: bodyKey, noncePrefix, headerSha256, header },
    plaintext,
  )) {
    pieces.push(Buffer.from(chunk));
    bodyDigest.update(createHash('sha256').update(chunk).digest());
  }
  const digestHex = bodyDigest.digest('hex');
  const signature = await signPss(
    bidder.keys.keyPem,
    sealedBid.signedStatement(headerSha256.toString('hex'), digestHex),
  );
  const trailer = Buffer.from(canonicalJson({ bodyDigest: digestHex, signature }));
  pieces.push(Buffer.from(sealedBid.trailerBytes(trailer)));
  return { file: Buffer.concat(pieces), key, shares, priceFen };
}

async function* bytesOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* pattern(total: number): AsyncGenerator<Uint8Array> {
  const block = new Uint8Array(Math.min(total, 1 << 20));
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
  for (let left = total; left > 0; left -= block.length)
    yield block.subarray(0, Math.min(left, block.length));
}

/** Seals and submits; returns the bid id with what the test knows about it. */
export async function submitTestBid(
  t: TestPlatform,
  tender: TenderView,
  bidder: { user: TestUser; keys: BidderKeys },
  opts: TestSealOptions = {},
) {
  const sealed = await sealTestBid(tender, bidder, opts);
  const section = tender.sections[opts.sectionIndex ?? 0]!;
  const url = `/api/v1/tenders/${tender.id}/sections/${section.id}/bids`;
  const res = await submitBid(t.app, bidder.user.token, { ...tender, sections: [section] }, sealed.file);
  if (res.status !== 201) throw new Error(`bid to ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...sealed, bidId: res.body.bid.id as string, bidder };
}

/** A custodian's agent: fetches its wrapped shares, unwraps them with its own key, releases them. */
export async function releaseShares(
  t: TestPlatform,
  tenderId: string,
  custodian: TestUser,
  keys: BidderKeys,
  tamper: (bidId: string, share: Uint8Array) => Uint8Array = (_id, s) => s,
) {
  const wrapped = await request(t.app)
    .get(`/api/v1/tenders/${tenderId}/opening/wrapped-shares`)
    .set(bearer(custodian.token));
  if (wrapped.status !== 200) return wrapped;
  const shares = [];
  for (const b of wrapped.body.bids as { bidId: string; version: number; wrappedShare: string }[]) {
    const share = await sealedBid.unwrapWith(keys.keyPem, b.wrappedShare);
    shares.push({
      bidId: b.bidId,
      version: b.version,
      share: Buffer.from(tamper(b.bidId, share)).toString('base64'),
    });
  }
  return request(t.app)
    .post(`/api/v1/tenders/${tenderId}/opening/shares`)
    .set(bearer(custodian.token))
    .send({ shares });
}

const runners = new WeakMap<TestPlatform, JobRunner>();
/** Jobs one tick of the test runner claims (the runner's default). */
const RUNNER_CONCURRENCY = 4;

/** The test platform's one job runner (one holder, so it keeps the lease): tick claims what is due, drain waits. */
export function testRunner(t: TestPlatform) {
  let runner = runners.get(t);
  if (!runner) {
    runner = new JobRunner(t.platform.jobs, t.platform, {
      holder: `test-runner-${++worlds}`,
      concurrency: RUNNER_CONCURRENCY,
    });
    runners.set(t, runner);
  }
  const r = runner;
  return {
    runner: r,
    async run() {
      // A full tick may have left due work behind (jobs due earlier, such as supervision's watchdog checks,
      // are claimed first): tick again until a tick has room to spare, so what is due now always runs.
      for (;;) {
        const { started } = await r.tick();
        await r.drain();
        if (started.length < RUNNER_CONCURRENCY) return;
      }
    },
  };
}

export const DEADLINE_OFFSET_MS = 25 * 24 * 3600_000;

/** Logs everyone in again: tests jump weeks ahead, past the sessions' lifetime. */
export async function relogin(t: TestPlatform, w: OpeningWorld): Promise<void> {
  const users = [
    w.admin,
    w.supervisor,
    w.tenderee,
    w.agency,
    ...w.custodians,
    ...w.bidders.map((b) => b.user),
  ];
  for (const u of new Set(users)) u.token = await login(t.app, u.username);
}

/** A custodian's agent against a server process over HTTP: fetch, unwrap locally, release. */
export async function releaseSharesOverHttp(
  baseUrl: string,
  tenderId: string,
  custodian: TestUser,
  keys: BidderKeys,
): Promise<{ status: number; body: unknown }> {
  const headers = { Authorization: `Bearer ${custodian.token}`, 'Content-Type': 'application/json' };
  const url = `${baseUrl}/api/v1/tenders/${tenderId}/opening`;
  const wrapped = await fetch(`${url}/wrapped-shares`, { headers });
  const body = (await wrapped.json()) as {
    bids?: { bidId: string; version: number; wrappedShare: string }[];
  };
  if (wrapped.status !== 200) return { status: wrapped.status, body };
  const shares = [];
  for (const b of body.bids ?? []) {
    const share = await sealedBid.unwrapWith(keys.keyPem, b.wrappedShare);
    shares.push({ bidId: b.bidId, version: b.version, share: Buffer.from(share).toString('base64') });
  }
  const res = await fetch(`${url}/shares`, { method: 'POST', headers, body: JSON.stringify({ shares }) });
  return { status: res.status, body: await res.json() };
}
