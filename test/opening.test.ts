import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { sealedBid } from '../crypto/index.js';
import { verifyOpeningRecord } from '../src/modules/opening/record.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

type Submitted = Awaited<ReturnType<typeof submitTestBid>>;
const deadlineOf = (tender: TenderView) => new Date(tender.schedule.bidDeadline);
const WINDOW_MS = 30 * 60_000;

/** Every row of every table, as text: what a database dump would hold. */
async function databaseDump(t: TestPlatform): Promise<Buffer> {
  const sequelize = t.platform.db.sequelize;
  const tables = (await sequelize.getQueryInterface().showAllTables()) as (string | { tableName: string })[];
  const parts: string[] = [];
  for (const table of tables) {
    const name = typeof table === 'string' ? table : table.tableName;
    const q = sequelize.getQueryInterface().quoteIdentifier(name);
    const rows = await sequelize.query(`SELECT * FROM ${q}`, { type: QueryTypes.SELECT });
    parts.push(JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)));
  }
  return Buffer.from(parts.join('\n'));
}

describe('the opening (开标): timed release, decryption, classification, record', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let platformCert: string;
  const events: { name: string; payload: unknown }[] = [];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 6);
    platformCert = (await request(t.app).get('/api/v1/ca').expect(200)).body.platformSigningCertificatePem;
    t.platform.events.onAny((name, payload) => {
      if (name.startsWith('opening.')) events.push({ name, payload });
    });
  });
  after(() => t.close());

  /** A fresh tender with a bid from each of the first `n` bidders (options per bidder). */
  async function tenderWithBids(n: number, opts: Parameters<typeof submitTestBid>[3][] = []) {
    t.clock.advance(24 * 3600_000);
    await relogin(t, w);
    const tender = await openingTender(t, w);
    const bids: Submitted[] = [];
    for (let i = 0; i < n; i++) {
      bids.push(await submitTestBid(t, tender, w.bidders[i]!, { priceFen: 10_000_000 + i, ...opts[i] }));
    }
    return { tender, bids };
  }

  const opening = (tender: TenderView) =>
    request(t.app).get(`/api/v1/tenders/${tender.id}/opening`).expect(200);
  const bidRow = (bidId: string) => t.platform.opening.service.models.OpeningBid.findByPk(bidId);
  const tenderStatus = async (tender: TenderView) => (await t.platform.tenders.find(tender.id))!.status;

  it('refuses shares and bidder keys before the opening time, to the millisecond', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(new Date(deadlineOf(tender).getTime() - 1));
    const [c1] = w.custodians;
    const early = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/opening/wrapped-shares`)
      .set(bearer(c1!.token))
      .expect(409);
    assert.equal(early.body.error.code, 'OPENING_NOT_STARTED');
    const share = Buffer.from(bids[0]!.shares[0]!).toString('base64');
    const post = await request(t.app)
      .post(`/api/v1/tenders/${tender.id}/opening/shares`)
      .set(bearer(c1!.token))
      .send({ shares: [{ bidId: bids[0]!.bidId, version: 1, share }] })
      .expect(409);
    assert.equal(post.body.error.code, 'OPENING_NOT_STARTED');
    const bidder = w.bidders[0]!.user;
    await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/bidder-wrap`)
      .set(bearer(bidder.token))
      .expect(409);
    await request(t.app)
      .post(`/api/v1/bids/${bids[0]!.bidId}/content-key`)
      .set(bearer(bidder.token))
      .send({ key: Buffer.from(bids[0]!.key).toString('base64') })
      .expect(409);
    assert.equal(await t.platform.opening.service.models.OpeningShare.count(), 0);
    assert.equal(await t.platform.opening.service.models.OpeningBidderKey.count(), 0);
    // The job is not due yet either.
    await testRunner(t).run();
    assert.equal(await tenderStatus(tender), 'published');

    t.clock.set(deadlineOf(tender));
    const res = await releaseShares(t, tender.id, c1!, w.custodianKeys[0]!);
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted.length, 3);
    const wrap = await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/bidder-wrap`)
      .set(bearer(bidder.token))
      .expect(200);
    const unwrapped = await sealedBid.unwrapWith(w.bidders[0]!.keys.keyPem, wrap.body.wrappedKey);
    assert.deepEqual(Buffer.from(unwrapped), Buffer.from(bids[0]!.key));
  });

  it('keeps no content key or share in the clear anywhere before the deadline (database and blobs)', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(new Date(deadlineOf(tender).getTime() - 1));
    await testRunner(t).run();
    // Every custodian's agent asks a millisecond early, and is refused.
    for (let i = 0; i < 3; i++) {
      const res = await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
      assert.equal(res.status, 409);
    }
    const secrets: string[] = [];
    for (const b of bids) {
      for (const secret of [b.key, ...b.shares]) {
        const buf = Buffer.from(secret);
        secrets.push(buf.toString('hex'), buf.toString('base64'), buf.toString('base64url'));
      }
    }
    const dump = await databaseDump(t);
    const blobFiles = (readdirSync(join(t.dir, 'blobs'), { recursive: true }) as string[])
      .map((f) => join(t.dir, 'blobs', f))
      .filter((f) => statSync(f).isFile());
    assert.ok(blobFiles.length >= 3);
    const haystacks = [dump, ...blobFiles.map((f) => readFileSync(f))];
    const sqlite = join(t.dir, 'test.sqlite');
    if (existsSync(sqlite)) haystacks.push(readFileSync(sqlite));
    for (const hay of haystacks) {
      for (const secret of secrets) assert.equal(hay.includes(secret), false, 'a secret is stored early');
      for (const b of bids) {
        for (const raw of [b.key, ...b.shares]) assert.equal(hay.includes(Buffer.from(raw)), false);
      }
    }
    // The scan can fail: it finds what is stored (the bid ids)...
    assert.ok(bids.every((b) => dump.includes(b.bidId)));
    // ...and once the opening time comes, released shares are stored, but sealed under the opening key
    // file (KEYS_DIR), so a database dump still holds none in the clear.
    t.clock.set(deadlineOf(tender));
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    const after = await databaseDump(t);
    const rows = await t.platform.opening.service.models.OpeningShare.findAll({
      where: { tenderId: tender.id },
    });
    assert.equal(rows.length, 3);
    for (const b of bids) {
      for (const s of b.shares) {
        assert.equal(after.includes(Buffer.from(s).toString('base64')), false);
        assert.equal(after.includes(Buffer.from(s).toString('hex')), false);
      }
    }
    await testRunner(t).run(); // leaves nothing due for the next test
  });

  it('opens nothing with k-1 shares; at the window end the bids are withdrawn, blaming the absent', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(deadlineOf(tender));
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    const runner = testRunner(t);
    await runner.run();
    assert.equal(await tenderStatus(tender), 'opening');
    for (const b of bids) {
      const row = (await bidRow(b.bidId))!;
      assert.equal(row.outcome, null);
      assert.equal(row.form, null);
      assert.equal(row.packageSha256, null);
    }
    await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(404);
    t.clock.set(new Date(deadlineOf(tender).getTime() + WINDOW_MS));
    await runner.run();
    const state = (await opening(tender)).body;
    assert.equal(state.status, 'complete');
    for (const b of state.sections[0].bids) {
      assert.equal(b.outcome, 'withdrawn');
      assert.equal(b.reason, 'NOT_ENOUGH_SHARES');
      assert.deepEqual(b.blamedCustodians, [2, 3]);
    }
    for (const b of bids) assert.equal((await bidRow(b.bidId))!.form, null);
    assert.equal(await tenderStatus(tender), 'evaluating');
  });

  it('opens every bid with k shares, publishes a signed record, and moves the tender to evaluating', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(new Date(deadlineOf(tender).getTime() + 5_000));
    events.length = 0;
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!);
    await releaseShares(t, tender.id, w.custodians[2]!, w.custodianKeys[2]!);
    await testRunner(t).run();
    assert.equal(await tenderStatus(tender), 'evaluating');
    const { body } = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200);
    assert.equal(body.records.length, 1);
    const signed = body.records[0];
    assert.deepEqual(await verifyOpeningRecord(signed, platformCert), { ok: true });
    const forged = structuredClone(signed);
    forged.record.bids[0].values.price += 1;
    assert.equal((await verifyOpeningRecord(forged, platformCert)).ok, false);
    assert.equal(signed.record.openedAt, tender.schedule.bidDeadline);
    assert.deepEqual(
      signed.record.bids.map((b: { values: { price: number } }) => b.values.price).sort(),
      bids.map((b) => b.priceFen).sort(),
    );
    assert.ok(signed.record.bids.every((b: { outcome: string }) => b.outcome === 'opened'));
    assert.deepEqual(
      signed.record.fields.map((f: { key: string }) => f.key),
      ['price', 'durationDays'],
    );

    const notices = await t.platform.models.Notice.findAll({ where: { tenderId: tender.id } });
    const record = notices.find((n) => n.kind === 'opening-record')!;
    assert.match(record.body, /开标记录/);
    assert.equal(record.tenderStatus, 'evaluating');
    const ocds = await request(t.app).get(`/api/v1/ocds/tenders/${tender.id}/releases`).expect(200);
    const withBids = ocds.body.releases.filter((r: { bids?: unknown }) => r.bids);
    assert.equal(withBids.length, 1);
    assert.equal(withBids[0].bids.details.length, 3);
    assert.equal(withBids[0].bids.details[0].value.currency, 'CNY');

    const names = events.map((e) => e.name);
    for (const name of [
      'opening.started',
      'opening.bid-settled',
      'opening.record-published',
      'opening.completed',
    ])
      assert.ok(names.includes(name), name);
    assert.ok(events.every((e) => !JSON.stringify(e.payload).includes('price')));

    // The decrypted bid: its own bidder and supervisors read it; other bidders and the tenderee do not
    // (a tenderee's user may sit on the committee: then the evaluation module lets it read).
    const own = w.bidders[0]!.user;
    const form = await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/opened`)
      .set(bearer(own.token))
      .expect(200);
    assert.equal(form.body.form.price, bids[0]!.priceFen);
    await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/opened`)
      .set(bearer(w.supervisor.token))
      .expect(200);
    await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/opened`)
      .set(bearer(w.bidders[1]!.user.token))
      .expect(404);
    await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/opened`)
      .set(bearer(w.tenderee.token))
      .expect(404);
    await request(t.app).get(`/api/v1/bids/${bids[0]!.bidId}/opened`).set(bearer(w.agency.token)).expect(403);
    const pkg = await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/opened/package`)
      .set(bearer(own.token))
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    // Decrypted on demand: the whole package, the form inside it, and no decrypted copy kept anywhere.
    assert.equal((pkg.body as Buffer).length, form.body.packageSize);
    assert.equal((pkg.body as Buffer).subarray(0, 4).toString(), 'YGBP');
    assert.ok((pkg.body as Buffer).includes(Buffer.from(`"price":${bids[0]!.priceFen}`)));
    const stored = (readdirSync(join(t.dir, 'blobs'), { recursive: true }) as string[])
      .map((f) => join(t.dir, 'blobs', f))
      .filter((f) => statSync(f).isFile());
    assert.ok(stored.every((f) => !readFileSync(f).subarray(0, 4).equals(Buffer.from('YGBP'))));
    const dump = await databaseDump(t);
    for (const b of bids) {
      const raw = Buffer.from(b.key);
      for (const enc of [raw.toString('hex'), raw.toString('base64')])
        assert.equal(dump.includes(enc), false);
    }

    // One audit entry per step, each exactly once.
    const entries = await t.platform.models.AuditEntry.findAll({
      where: { requestId: `opening:${tender.id}` },
    });
    const actions = entries.map((e) => e.action).sort();
    assert.equal(actions.filter((a) => a === 'opening.bid-settle').length, 3);
    assert.equal(actions.filter((a) => a === 'opening.record-publish').length, 1);
    assert.equal(actions.filter((a) => a === 'opening.complete').length, 1);
  });

  it('detects a wrong share and attributes it to its custodian; the bid still opens with others', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(deadlineOf(tender));
    events.length = 0;
    const target = bids[1]!.bidId;
    const bad = await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!, (id, s) =>
      id === target ? s.map((x, i) => (i === 0 ? x ^ 1 : x)) : s,
    );
    assert.deepEqual(bad.body.wrong, [target]);
    assert.ok(
      events.some(
        (e) => e.name === 'opening.share-wrong' && (e.payload as { position: number }).position === 2,
      ),
    );
    const audit = await t.platform.models.AuditEntry.findOne({
      where: { action: 'opening.share-release', actorUserId: w.custodians[1]!.userId },
      order: [['seq', 'DESC']],
    });
    assert.deepEqual(JSON.parse(audit!.data).wrong, [target]);
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await testRunner(t).run();
    assert.equal((await bidRow(target))!.outcome, null, 'one valid share is not enough');
    await releaseShares(t, tender.id, w.custodians[2]!, w.custodianKeys[2]!);
    await testRunner(t).run();
    const row = (await bidRow(target))!;
    assert.equal(row.outcome, 'opened');
    assert.deepEqual(JSON.parse(row.blamed!), [2]);
    const { body } = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200);
    const inRecord = body.records[0].record.bids.find((b: { bidId: string }) => b.bidId === target);
    assert.deepEqual(inRecord.blamedCustodians, [2]);
  });

  it('classifies failures by cause: bidder-caused revoked, others withdrawn; the rest opens', async () => {
    const { tender, bids } = await tenderWithBids(6, [
      {},
      { inconsistentSplit: true },
      { wrongBodyKey: true },
      { noPrice: true },
      {},
      {},
    ]);
    const [good, split, wrongKey, noPrice, damaged, absent] = bids as [Submitted, ...Submitted[]];
    // The stored file of `damaged` rots on disk (the platform's fault).
    const { writeFileSync, readFileSync } = await import('node:fs');
    const blobs = t.platform.blobs as unknown as { pathOf(sha: string): string };
    const sha = createHash('sha256').update(damaged!.file).digest('hex');
    const bytes = readFileSync(blobs.pathOf(sha));
    bytes[bytes.length - 200]! ^= 0xff;
    writeFileSync(blobs.pathOf(sha), bytes);

    t.clock.set(deadlineOf(tender));
    const skip = (id: string, s: Uint8Array) => (id === absent!.bidId ? new Uint8Array(33) : s);
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!, skip);
    const runner = testRunner(t);
    await runner.run();
    assert.equal((await bidRow(good!.bidId))!.outcome, 'opened');
    assert.equal((await bidRow(absent!.bidId))!.outcome, null, 'waits for the window');
    assert.equal((await bidRow(split!.bidId))!.outcome, null, 'the bidder may still send its key');
    t.clock.set(new Date(deadlineOf(tender).getTime() + WINDOW_MS));
    await runner.run();
    const outcome = async (b: Submitted) => {
      const row = (await bidRow(b.bidId))!;
      return [row.outcome, row.reason];
    };
    assert.deepEqual(await outcome(split!), ['revoked', 'INCONSISTENT_SPLIT']);
    assert.deepEqual(await outcome(wrongKey!), ['revoked', 'DECRYPT_FAILED']);
    assert.deepEqual(await outcome(noPrice!), ['revoked', 'FORM_INVALID']);
    assert.deepEqual(await outcome(damaged!), ['withdrawn', 'BLOB_DAMAGED']);
    assert.deepEqual(await outcome(absent!), ['withdrawn', 'NOT_ENOUGH_SHARES']);
    assert.deepEqual(JSON.parse((await bidRow(absent!.bidId))!.blamed!), [2, 3]);
    assert.equal(await tenderStatus(tender), 'evaluating');
    const { body } = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200);
    const values = body.records[0].record.bids.filter((b: { outcome: string }) => b.outcome !== 'opened');
    assert.ok(values.every((b: { values: object }) => Object.keys(b.values).length === 0));
  });

  it("opens with the bidder's own key when custodians are missing; a wrong bidder key is revoked", async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(new Date(deadlineOf(tender).getTime() + 1000));
    const [a, b] = bids as [Submitted, Submitted];
    const send = (bid: Submitted, i: number, key: Uint8Array) =>
      request(t.app)
        .post(`/api/v1/bids/${bid.bidId}/content-key`)
        .set(bearer(w.bidders[i]!.user.token))
        .send({ key: Buffer.from(key).toString('base64') });
    // Another bidder cannot send a key for someone else's bid.
    await send(a, 1, a.key).expect(404);
    assert.equal((await send(a, 0, a.key).expect(200)).body.accepted, true);
    assert.equal((await send(b, 1, new Uint8Array(32).fill(7)).expect(200)).body.accepted, false);
    const runner = testRunner(t);
    await runner.run();
    const rowA = (await bidRow(a.bidId))!;
    assert.equal(rowA.outcome, 'opened');
    assert.equal(rowA.keySource, 'bidder');
    t.clock.set(new Date(deadlineOf(tender).getTime() + WINDOW_MS));
    await runner.run();
    assert.equal((await bidRow(b.bidId))!.reason, 'BIDDER_KEY_WRONG');
    assert.equal((await bidRow(b.bidId))!.outcome, 'revoked');
    assert.equal((await bidRow(bids[2]!.bidId))!.outcome, 'withdrawn');
  });

  it('names no bidder and no bid to the public or other bidders until the record is out', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(deadlineOf(tender));
    const late = bids[2]!.bidId;
    const skip = (id: string, s: Uint8Array) => (id === late ? new Uint8Array(33) : s);
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!, skip);
    await testRunner(t).run();
    assert.equal((await bidRow(bids[0]!.bidId))!.outcome, 'opened');
    assert.equal((await bidRow(late))!.outcome, null, 'the section waits for the last bid');
    const names = await Promise.all(
      w.bidders.slice(0, 3).map(async (b) => (await t.platform.parties.find(b.user.partyId!))!.name),
    );
    const secrets = [...names, ...bids.map((b) => b.bidId), ...w.bidders.map((b) => b.user.partyId!)];
    const url = `/api/v1/tenders/${tender.id}/opening`;
    const as = (token?: string) =>
      (token ? request(t.app).get(url).set(bearer(token)) : request(t.app).get(url)).expect(200);
    const leaks = (body: unknown, except: string[] = []) =>
      secrets.filter((s) => !except.includes(s) && JSON.stringify(body).includes(s));

    const anonymous = (await as()).body;
    assert.deepEqual(leaks(anonymous), []);
    const section = anonymous.sections[0];
    assert.equal(section.bidCount, 3);
    const outcomes = section.bids.map((b: { outcome: string | null }) => String(b.outcome));
    assert.deepEqual(outcomes.sort(), ['null', 'opened', 'opened']);
    for (const who of [w.tenderee, w.agency, w.custodians[0]!])
      assert.deepEqual(leaks((await as(who.token)).body), [], who.username);
    // A bidder sees its own bid, and nobody else's.
    const own = w.bidders[1]!;
    const mine = (await as(own.user.token)).body;
    assert.deepEqual(leaks(mine, [names[1]!, bids[1]!.bidId, own.user.partyId!]), []);
    const shown = mine.sections[0].bids.filter((b: { bidId: string | null }) => b.bidId !== null);
    assert.deepEqual(
      shown.map((b: { bidId: string }) => b.bidId),
      [bids[1]!.bidId],
    );
    // An outsider bidder (no bid here) sees nothing either.
    assert.deepEqual(leaks((await as(w.bidders[5]!.user.token)).body), []);
    // Supervisors see everyone.
    const supervised = (await as(w.supervisor.token)).body;
    for (const s of [...names, ...bids.map((b) => b.bidId)])
      assert.ok(JSON.stringify(supervised).includes(s));

    // Once the record is out, it is public, and so are the names in the state.
    await releaseShares(t, tender.id, w.custodians[2]!, w.custodianKeys[2]!);
    await testRunner(t).run();
    const after = (await as()).body;
    assert.equal(after.sections[0].status, 'published');
    for (const s of [...names, ...bids.map((b) => b.bidId)]) assert.ok(JSON.stringify(after).includes(s));
  });

  it('fails a tender with fewer than 3 bids: 流标 notice, nothing decrypted, no share taken', async () => {
    const { tender, bids } = await tenderWithBids(2);
    t.clock.set(deadlineOf(tender));
    await testRunner(t).run();
    assert.equal(await tenderStatus(tender), 'failed');
    const notices = await t.platform.models.Notice.findAll({ where: { tenderId: tender.id } });
    const failure = notices.find((n) => n.kind === 'failure');
    assert.ok(failure);
    assert.match(failure.body, /少于3个/);
    for (const b of bids) assert.equal((await bidRow(b.bidId))!.outcome, null);
    const wrapped = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/opening/wrapped-shares`)
      .set(bearer(w.custodians[0]!.token))
      .expect(409);
    assert.equal(wrapped.body.error.code, 'OPENING_COMPLETE');
    const job = await t.platform.jobs.find('opening', tender.id);
    assert.equal(job?.status, 'done');
    const ocds = await request(t.app).get(`/api/v1/ocds/tenders/${tender.id}/releases`).expect(200);
    assert.equal(ocds.body.releases.at(-1).tender.status, 'unsuccessful');
  });

  it('authorizes every route: role, custodian position, owner', async () => {
    const { tender, bids } = await tenderWithBids(3);
    t.clock.set(deadlineOf(tender));
    const url = `/api/v1/tenders/${tender.id}/opening`;
    const share = { shares: [{ bidId: bids[0]!.bidId, version: 1, share: 'AAAA' }] };
    await request(t.app).get(`${url}/wrapped-shares`).expect(401);
    for (const who of [w.bidders[0]!.user, w.tenderee, w.supervisor]) {
      await request(t.app).get(`${url}/wrapped-shares`).set(bearer(who.token)).expect(403);
      await request(t.app).post(`${url}/shares`).set(bearer(who.token)).send(share).expect(403);
    }
    // A custodian of another tender is not a custodian of this one.
    const other = w.custodians[0]!;
    await t.platform.models.TenderCustodian.update(
      { userId: w.supervisor.userId },
      { where: { tenderId: tender.id, position: 1 } },
    );
    await request(t.app).get(`${url}/wrapped-shares`).set(bearer(other.token)).expect(403);
    await request(t.app).post(`${url}/shares`).set(bearer(other.token)).send(share).expect(403);
    await t.platform.models.TenderCustodian.update(
      { userId: other.userId },
      { where: { tenderId: tender.id, position: 1 } },
    );
    // Each custodian sees only its own position's wrapped shares.
    const mine = await request(t.app)
      .get(`${url}/wrapped-shares`)
      .set(bearer(w.custodians[2]!.token))
      .expect(200);
    assert.equal(mine.body.position, 3);
    const header = JSON.parse(
      (await t.platform.models.BidVersion.findOne({ where: { bidId: bids[0]!.bidId } }))!.header,
    ) as sealedBid.SealedBidHeaderV1;
    const own = mine.body.bids.find((b: { bidId: string }) => b.bidId === bids[0]!.bidId);
    assert.equal(own.wrappedShare, header.custodians.shares.find((s) => s.position === 3)!.wrappedShare);
    // Bidders reach only their own bid's wrap.
    await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/bidder-wrap`)
      .set(bearer(w.bidders[1]!.user.token))
      .expect(404);
    await request(t.app)
      .get(`/api/v1/bids/${bids[0]!.bidId}/bidder-wrap`)
      .set(bearer(w.custodians[0]!.token))
      .expect(403);
    // A share for a bid not in this opening is refused and nothing is stored.
    const before = await t.platform.opening.service.models.OpeningShare.count();
    const stray = await request(t.app)
      .post(`${url}/shares`)
      .set(bearer(w.custodians[0]!.token))
      .send({ shares: [{ bidId: '00000000-0000-4000-8000-000000000000', version: 1, share: 'AAAA' }] })
      .expect(422);
    assert.equal(stray.body.error.code, 'UNKNOWN_BID');
    assert.equal(await t.platform.opening.service.models.OpeningShare.count(), before);
    // The custodian list shows the caller's tenders with its position.
    const list = await request(t.app)
      .get('/api/v1/openings/custodian')
      .set(bearer(w.custodians[1]!.token))
      .expect(200);
    assert.ok(
      list.body.items.some(
        (i: { tenderId: string; position: number }) => i.tenderId === tender.id && i.position === 2,
      ),
    );
  });

  it('moves the opening job with the deadline and cancels it with the tender', async () => {
    t.clock.advance(24 * 3600_000);
    await relogin(t, w);
    const tender = await openingTender(t, w);
    const job = await t.platform.jobs.find('opening', tender.id);
    assert.equal(job?.runAt.toISOString(), tender.schedule.bidDeadline);
    await request(t.app)
      .post(`/api/v1/tenders/${tender.id}/cancellation`)
      .set(bearer(w.tenderee.token))
      .send({ reason: '项目资金未落实，终止招标' })
      .expect(200);
    assert.equal((await t.platform.jobs.find('opening', tender.id))?.status, 'cancelled');
  });
});
