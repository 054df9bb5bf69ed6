import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describeAttachments } from '../cli/attachments.js';
import { CustodianAgent } from '../cli/custodian/agent.js';
import { sealToFile } from '../cli/seal-file.js';
import { custodiansOf, tenderFacts } from '../cli/tender.js';
import { canonicalJson, sealedBid, signPss, verifyBidReceipt } from '../crypto/index.js';
import { deal } from '../crypto/sealed-bid/pvss.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { sealFile, storedState, submitBid, type BidderKeys } from './helpers/bids.js';
import { openingTender, openingWorld, testRunner, type OpeningWorld } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/**
 * Issue 15, format 2 in real use: custodians' agents register their P-256 keys, the tender publishes them,
 * the CLI's own sealing code seals format 2 against them, the server checks openability at receipt (a bid
 * with one bad encrypted share is refused, nothing stored) and the agents open the bids at the deadline,
 * next to a format 1 bid that still opens.
 */
describe('sealed-bid format 2 end to end: registered custodian keys, CLI sealing, agents opening', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let tender: TenderView;
  let http: Server;
  let baseUrl: string;
  let dir: string;
  let platformCert: string;
  const agents: CustodianAgent[] = [];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 4);
    tender = await openingTender(t, w);
    platformCert = (await request(t.app).get('/api/v1/ca').expect(200)).body.platformSigningCertificatePem;
    http = createServer((req, res) => void t.app(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'yg-v2-'));
    for (const [i, c] of w.custodians.entries()) {
      agents.push(
        new CustodianAgent({
          serverUrl: baseUrl,
          token: c.token,
          key: w.custodianKeys[i]!.keyPem,
          clock: t.clock,
          log: () => undefined,
        }),
      );
    }
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    http?.closeAllConnections();
    if (http) await new Promise((resolve) => http.close(resolve));
    await t?.platform.openingHall.relay.idle();
    await t?.close();
  });

  /** The `yangguang seal` path: the tender as the server answers it, custodiansOf, sealToFile. */
  async function sealWithCli(i: number) {
    const bidder = w.bidders[i]!;
    const answer = await request(t.app).get(`/api/v1/tenders/${tender.id}`).set(bearer(bidder.user.token));
    const facts = tenderFacts.parse(answer.body.tender ?? answer.body);
    const custodians = await custodiansOf(facts);
    const pdf = join(dir, `bid-${i}.pdf`);
    writeFileSync(pdf, `%PDF-1.4 bid of bidder ${i}\n`);
    const out = join(dir, `bid-${i}.ygsb`);
    await sealToFile({
      tender: { id: facts.id, code: facts.code },
      section: { id: facts.sections[0]!.id, code: facts.sections[0]!.code },
      custodians: { threshold: custodians.threshold, members: custodians.members },
      partyId: bidder.user.partyId!,
      credentials: credentialsOf(bidder.keys),
      form: { price: 87_000_000 + i, durationDays: 180 },
      attachments: await describeAttachments([pdf]),
      out,
      sealedAt: t.clock.now(),
      chunkSize: 1024,
      overwrite: true,
    });
    return { file: readFileSync(out), formatVersion: custodians.formatVersion };
  }

  it('refuses a key registration without a valid proof of possession or for another certificate', async () => {
    const c = w.custodians[0]!;
    const keys = w.custodianKeys[0]!;
    const sign = (d: Uint8Array) => signPss(keys.keyPem, d);
    // Proven over another custodian's id: a key copied from a tender cannot be registered by someone else.
    const other = await sealedBid.makeCustodianKeyRegistration(
      w.custodians[1]!.userId,
      keys.certPem,
      keys.serial,
      sign,
    );
    const res = await request(t.app).post('/api/v1/custodian-keys').set(bearer(c.token)).send(other);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'KEY_POSSESSION_INVALID');
    const foreign = await sealedBid.makeCustodianKeyRegistration(
      c.userId,
      keys.certPem,
      w.custodianKeys[1]!.serial,
      sign,
    );
    const res2 = await request(t.app).post('/api/v1/custodian-keys').set(bearer(c.token)).send(foreign);
    assert.equal(res2.body.error.code, 'CERTIFICATE_NOT_ACTIVE');
    // Signed by a key other than the certificate's.
    const unsigned = await sealedBid.makeCustodianKeyRegistration(c.userId, keys.certPem, keys.serial, (d) =>
      signPss(w.custodianKeys[1]!.keyPem, d),
    );
    const res3 = await request(t.app).post('/api/v1/custodian-keys').set(bearer(c.token)).send(unsigned);
    assert.equal(res3.body.error.code, 'CUSTODIAN_KEY_UNSIGNED');
    const bidder = await request(t.app)
      .post('/api/v1/custodian-keys')
      .set(bearer(w.bidders[0]!.user.token))
      .send(other);
    assert.equal(bidder.status, 403);
    const own = await request(t.app).get('/api/v1/custodian-keys/own').set(bearer(c.token)).expect(200);
    assert.equal(own.body.key, null);
  });

  it('seals format 1 while a custodian has no key, format 2 once every agent registered its key', async () => {
    assert.equal((await sealWithCli(3)).formatVersion, 1);
    // Before the deadline the agents only register and wait: nothing is released.
    for (const a of agents) {
      const report = await a.runOnce();
      assert.deepEqual(report.errors, []);
      assert.deepEqual(
        report.waiting.map((x) => x.tenderId),
        [tender.id],
      );
    }
    // A second round finds the key registered and usable: nothing new is registered.
    const before = (
      await request(t.app).get('/api/v1/custodian-keys/own').set(bearer(w.custodians[0]!.token))
    ).body;
    await agents[0]!.runOnce();
    const again = (await request(t.app).get('/api/v1/custodian-keys/own').set(bearer(w.custodians[0]!.token)))
      .body;
    assert.deepEqual(again, before);
    const view = (await request(t.app).get(`/api/v1/tenders/${tender.id}`).expect(200)).body;
    const members = (view.tender ?? view).custodians.members as TenderView['custodians']['members'];
    assert.ok(members.every((m) => m.curveKey !== null));
    const sealed = await sealWithCli(0);
    assert.equal(sealed.formatVersion, 2);
    assert.equal(sealed.file[4], 2);
  });

  it('refuses a CLI-sealed format 2 bid with one bad encrypted share (BID_NOT_OPENABLE), storing nothing', async () => {
    const bidder = w.bidders[0]!;
    const { file } = await sealWithCli(0);
    const { header, body, trailer } = parts(file);
    const junk = deal(
      2,
      header.custodians.shares.map((s) => ({ position: s.position, publicKey: s.custodianKey.publicKey })),
      sealedBid.sharesContext(header.tender, header.section, header.bidder.partyId, 2),
    );
    const forged: sealedBid.SealedBidHeaderV2 = {
      ...header,
      custodians: {
        ...header.custodians,
        shares: header.custodians.shares.map((s, i) =>
          s.position === 3 ? { ...s, encryptedShare: junk.shares[i]!.encryptedShare } : s,
        ),
      },
    };
    const state = await storedState(t);
    const res = await submitBid(
      t.app,
      bidder.user.token,
      tender,
      await reseal(forged, body, trailer, bidder.keys),
    );
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'BID_NOT_OPENABLE');
    assert.deepEqual(res.body.error.details.failures, [{ position: 3, reason: 'SHARE_PROOF_INVALID' }]);
    assert.deepEqual(await storedState(t), state);
  });

  it('accepts CLI-sealed format 2 bids saying openability verified, and the agents open them with a format 1 bid', async () => {
    const ids: string[] = [];
    for (const i of [0, 1, 2]) {
      const { file } = await sealWithCli(i);
      const res = await submitBid(t.app, w.bidders[i]!.user.token, tender, file);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.receipt.receipt.openability, 'verified');
      assert.deepEqual(await verifyBidReceipt(res.body.receipt, platformCert), { ok: true });
      ids.push(res.body.bidId ?? res.body.receipt.receipt.bidId);
    }
    const v1 = await sealFile(tender, w.bidders[3]!.user.partyId!, w.bidders[3]!.keys);
    const resV1 = await submitBid(t.app, w.bidders[3]!.user.token, tender, v1);
    assert.equal(resV1.status, 201, JSON.stringify(resV1.body));
    assert.equal(resV1.body.receipt.receipt.openability, 'unverified');

    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
    for (const a of agents.slice(0, 2)) {
      const report = await a.runOnce();
      assert.equal(report.released.length, 1, JSON.stringify(report));
      assert.equal(report.released[0]!.accepted.length, 4);
      assert.deepEqual(report.released[0]!.wrong, []);
      assert.deepEqual(report.ownFailures, []);
    }
    await testRunner(t).run();
    const { body } = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200);
    const bids = body.records[0].record.bids as { outcome: string }[];
    assert.equal(bids.length, 4);
    assert.ok(
      bids.every((b) => b.outcome === 'opened'),
      JSON.stringify(bids),
    );
  });
});

function credentialsOf(keys: BidderKeys) {
  return {
    keyPem: keys.keyPem,
    certPem: keys.certPem,
    certificateSerial: keys.serial,
    source: 'test',
    sign: (d: Uint8Array) => signPss(keys.keyPem, d),
  };
}

function parts(file: Buffer) {
  const headerEnd = sealedBid.PREAMBLE_BYTES + file.readUInt32BE(5);
  const trailerStart = file.lastIndexOf('YGSE');
  const header = JSON.parse(file.subarray(sealedBid.PREAMBLE_BYTES, headerEnd).toString('utf8'));
  const trailer = JSON.parse(file.subarray(trailerStart + sealedBid.TRAILER_PREAMBLE_BYTES).toString('utf8'));
  return {
    header: header as sealedBid.SealedBidHeaderV2,
    body: file.subarray(headerEnd, trailerStart),
    trailer: trailer as { bodyDigest: string },
  };
}

/** The bidder re-signs the header it altered: everything checked without a key stays consistent. */
async function reseal(
  header: sealedBid.SealedBidHeaderV2,
  body: Buffer,
  trailer: { bodyDigest: string },
  bidder: BidderKeys,
) {
  const headerBytes = Buffer.from(canonicalJson(header));
  const headerSha256 = createHash('sha256').update(headerBytes).digest('hex');
  const signature = await signPss(bidder.keyPem, sealedBid.signedStatement(headerSha256, trailer.bodyDigest));
  const trailerJson = Buffer.from(canonicalJson({ bodyDigest: trailer.bodyDigest, signature }));
  return Buffer.concat([sealedBid.preamble(headerBytes, 2), body, sealedBid.trailerBytes(trailerJson)]);
}
