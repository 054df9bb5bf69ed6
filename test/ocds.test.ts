import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { compileReleases } from '../src/modules/open-data/merge.js';
import { POST_BID_CONSUMER } from '../src/modules/open-data/service.js';
import type { Release } from '../src/modules/open-data/release.js';
import { projectRoot } from '../src/platform/project-root.js';
import { bearer } from './helpers/api.js';
import { evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { Committee } from './helpers/evaluation-room.js';
import { testRunner } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';
import { tenderSteps, type TenderSteps } from './helpers/tender-steps.js';
import { publishedTender, tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

/** The official OCDS 1.1.5 schemas, vendored in test/fixtures/ocds-1.1 (see its README.md), used offline. */
function ocdsValidators() {
  const dir = resolve(projectRoot(), 'test/fixtures/ocds-1.1');
  const load = (name: string) => JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as { id: string };
  // CommonJS packages: under NodeNext types their default import is the module object, whose `default` is the
  // constructor and the plugin (the same objects at run time).
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The package schemas $ref the release schema (and the record package the versioned-release schema) by
  // their id URLs; registered here under those ids, so nothing is fetched.
  for (const name of ['release-schema.json', 'versioned-release-validation-schema.json']) {
    const schema = load(name);
    ajv.addSchema(schema, schema.id);
  }
  return {
    releasePackage: ajv.compile(load('release-package-schema.json')),
    recordPackage: ajv.compile(load('record-package-schema.json')),
  };
}

function assertValid(validate: ValidateFunction, data: unknown) {
  const ok = validate(data);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

describe('open data (OCDS 1.1): the compiled release follows the merge rules', () => {
  const release = (n: number, fields: object): Release => ({
    ocid: 'ocds-yg0000-X',
    id: `r${n}`,
    date: `2026-01-0${n}T00:00:00.000Z`,
    tag: ['tenderUpdate'],
    initiationType: 'tender',
    ...fields,
  });

  it('replaces values, removes nulls, merges arrays of objects by id, replaces other arrays', () => {
    const compiled = compileReleases([
      release(1, {
        tender: { title: 'a', description: 'd', lots: [{ id: '1', title: 'x' }], submissionMethod: ['a'] },
      }),
      release(2, {
        tender: { title: 'b', description: null, lots: [{ id: '2' }, { id: '1', status: 'active' }] },
      }),
      release(3, { tender: { submissionMethod: ['b'] } }),
    ]);
    assert.deepEqual(compiled, {
      ocid: 'ocds-yg0000-X',
      id: 'ocds-yg0000-X-2026-01-03T00:00:00.000Z',
      date: '2026-01-03T00:00:00.000Z',
      tag: ['compiled'],
      initiationType: 'tender',
      tender: {
        title: 'b',
        lots: [{ id: '1', title: 'x', status: 'active' }, { id: '2' }],
        submissionMethod: ['b'],
      },
    });
  });
});

describe('open data (OCDS 1.1): a release for every public step of a tender', () => {
  let t: TestPlatform;
  let w: TenderWorld;
  let steps: TenderSteps;
  let start: Date;
  const validate = ocdsValidators();
  const DAY = 24 * 3600_000;
  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720', PUBLIC_URL: 'https://ygjy.example.cn' });
    w = await tenderWorld(t);
    steps = tenderSteps(t, w);
    start = t.clock.now();
  });
  after(() => t.close());
  beforeEach(() => t.clock.set(start));

  const releasesOf = async (id: string) => {
    const res = await request(t.app).get(`/api/v1/ocds/tenders/${id}/releases`).expect(200);
    assertValid(validate.releasePackage, res.body);
    return res.body;
  };

  it('releases a published tender as ["tender"]: ocid, parties by USCC, lots, money in 元, periods', async () => {
    const tender = await publishedTender(t, w, {
      agencyPartyId: w.agency.partyId!,
      sections: [
        { name: '第一标段', maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 },
        { name: '第二标段', maxPriceFen: 1_234_567_890_01, estimatedPriceFen: 1_00, depositFen: 0 },
      ],
    });
    const pkg = await releasesOf(tender.id);
    assert.equal(pkg.version, '1.1');
    assert.equal(pkg.uri, `https://ygjy.example.cn/api/v1/ocds/tenders/${tender.id}/releases`);
    const [release] = pkg.releases;
    assert.equal(pkg.releases.length, 1);
    assert.equal(release.ocid, `ocds-yg0000-${tender.code}`);
    assert.deepEqual(release.tag, ['tender']);
    assert.equal(release.date, tender.publishedAt);
    assert.equal(release.tender.status, 'active');
    assert.equal(release.tender.mainProcurementCategory, 'works');
    assert.equal(release.tender.procurementMethod, 'open');
    assert.deepEqual(release.tender.value, { amount: 1_235_567_890.01, currency: 'CNY' });
    assert.deepEqual(
      release.tender.lots.map((l: { id: string; value: object }) => [l.id, l.value]),
      [
        [tender.sections[0].code, { amount: 1_000_000, currency: 'CNY' }],
        [tender.sections[1].code, { amount: 1_234_567_890.01, currency: 'CNY' }],
      ],
    );
    assert.deepEqual(
      release.parties.map((p: { identifier: object; roles: string[] }) => [p.identifier, p.roles]),
      [
        [{ scheme: 'CN-USCI', id: tender.tenderee.uscc, legalName: tender.tenderee.name }, ['buyer']],
        [{ scheme: 'CN-USCI', id: tender.agency.uscc, legalName: tender.agency.name }, ['procuringEntity']],
      ],
    );
    assert.equal(release.tender.tenderPeriod.endDate, tender.schedule.bidDeadline);
    assert.equal(release.tender.enquiryPeriod.endDate, tender.schedule.clarificationDeadline);
    assert.equal(
      release.tender.documents[0].url,
      `https://ygjy.example.cn/api/v1/tenders/${tender.id}/documents`,
    );
  });

  it('adds tenderAmendment, tenderUpdate and tenderCancellation releases; the record compiles them', async () => {
    const tender = await publishedTender(t, w);
    const first = (await releasesOf(tender.id)).releases[0];
    t.clock.advance(12 * DAY);
    const amendment = await steps.clarify(tender.id, { kind: 'amendment', title: '关于工期的修改' });
    assert.equal(amendment.deadlineMoved, true);
    t.clock.advance(DAY);
    const objection = await steps.suspend(tender.id);
    t.clock.advance(DAY);
    await steps.resume(tender.id, objection);
    await steps.cancel(tender.id, '项目资金未落实，终止招标');

    const pkg = await releasesOf(tender.id);
    assert.deepEqual(pkg.releases[0], first, 'a release never changes');
    assert.deepEqual(
      pkg.releases.map((r: Release) => r.tag[0]),
      ['tender', 'tenderAmendment', 'tenderUpdate', 'tenderUpdate', 'tenderCancellation'],
    );
    const [, amended, , , cancelled] = pkg.releases;
    assert.deepEqual(amended.tender.amendments, [
      {
        id: '1',
        date: amended.date,
        rationale: '关于工期的修改',
        description: '工期以招标文件第三章为准。',
        amendsReleaseID: first.id,
        releaseID: amended.id,
      },
    ]);
    assert.notEqual(amended.tender.tenderPeriod.endDate, first.tender.tenderPeriod.endDate);
    assert.equal(cancelled.tender.status, 'cancelled');
    assert.equal(pkg.publishedDate, cancelled.date);

    const res = await request(t.app).get(`/api/v1/ocds/tenders/${tender.id}/record`).expect(200);
    assertValid(validate.recordPackage, res.body);
    const [record] = res.body.records;
    assert.deepEqual(record.releases, pkg.releases);
    assert.deepEqual(record.compiledRelease.tag, ['compiled']);
    assert.equal(record.compiledRelease.date, cancelled.date);
    assert.equal(record.compiledRelease.tender.status, 'cancelled');
    assert.equal(record.compiledRelease.tender.tenderPeriod.endDate, amended.tender.tenderPeriod.endDate);
    assert.deepEqual(record.compiledRelease.tender.amendments, amended.tender.amendments);
  });

  it('releases the close of bidding as a tenderUpdate', async () => {
    const tender = await publishedTender(t, w);
    await steps.closeBidding(tender.id);
    const tags = (await releasesOf(tender.id)).releases.map((r: Release) => r.tag[0]);
    assert.deepEqual(tags, ['tender', 'tenderUpdate']);
  });

  it('fails validation for a deliberately broken package, so the checks above can fail', async () => {
    const tender = await publishedTender(t, w);
    const pkg = await releasesOf(tender.id);
    const broken = structuredClone(pkg);
    broken.releases[0].tag = ['tenderSuspended'];
    delete broken.releases[0].ocid;
    assert.equal(validate.releasePackage(broken), false);
    const record = (await request(t.app).get(`/api/v1/ocds/tenders/${tender.id}/record`)).body;
    record.records[0].compiledRelease.tender.status = 'suspended';
    assert.equal(validate.recordPackage(record), false);
  });

  it('has nothing for drafts, unknown tenders or cancelled drafts', async () => {
    const draft = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .send(validTender(w, t.clock.now()))
      .expect(201);
    const id = draft.body.tender.id as string;
    await request(t.app).get(`/api/v1/ocds/tenders/${id}/releases`).expect(404);
    await steps.cancel(id, '草稿作废，不再招标');
    await request(t.app).get(`/api/v1/ocds/tenders/${id}/record`).expect(404);
    await request(t.app)
      .get('/api/v1/ocds/tenders/00000000-0000-4000-8000-000000000000/releases')
      .expect(404);
    await request(t.app).get('/api/v1/ocds/tenders/nope/record').expect(422);
  });

  it('serves every release to harvesters, oldest first, in valid packages page by page', async () => {
    const all = await t.platform.models.OcdsRelease.count();
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.app)
        .get(`/api/v1/ocds/releases?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      const { nextCursor, ...pkg } = res.body;
      assertValid(validate.releasePackage, pkg);
      walked.push(...pkg.releases.map((r: Release) => r.id));
      cursor = nextCursor;
    } while (cursor);
    assert.equal(walked.length, all);
    assert.equal(new Set(walked).size, all);
    const dates = (await request(t.app).get('/api/v1/ocds/releases?limit=1000')).body.releases.map(
      (r: Release) => r.date,
    );
    assert.deepEqual(dates, [...dates].sort());
    const later = (await request(t.app).get(`/api/v1/ocds/releases?limit=1000&since=${dates.at(-1)}`)).body;
    assert.ok(later.releases.length >= 1 && later.releases.every((r: Release) => r.date === dates.at(-1)));
    await request(t.app).get('/api/v1/ocds/releases?since=soon').expect(422);
  });
});

/**
 * The post-bid chain in OCDS (docs/domain.md §7): a tender evaluated by its committee, its candidates published
 * (an 'award' release of pending awards) and the second candidate confirmed (an 'awardUpdate': active for the
 * winner, unsuccessful for the others, the winner a supplier). Every release and the record validate against
 * the official schema, and the compiled release runs from the tender to the award.
 */
describe('open data (OCDS 1.1): award releases from the candidates’ publicity and the award', function () {
  this.timeout(300_000);
  const HOUR = 3600_000;
  const validate = ocdsValidators();
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  const t = () => server.testPlatform;
  const api = () => request(t().app);
  const base = () => `/api/v1/tenders/${scene.tender.id}/sections/${scene.section.id}`;
  const drain = () => t().platform.events.consumers.drain(POST_BID_CONSUMER);
  const releases = async () => {
    const res = await api().get(`/api/v1/ocds/tenders/${scene.tender.id}/releases`).expect(200);
    assertValid(validate.releasePackage, res.body);
    return res.body.releases as Release[];
  };
  const record = async () => {
    const res = await api().get(`/api/v1/ocds/tenders/${scene.tender.id}/record`).expect(200);
    assertValid(validate.recordPackage, res.body);
    return res.body.records[0].compiledRelease as Release;
  };
  type Award = { id: string; status: string; suppliers: { id: string; name: string }[]; value: object };
  const ocid = () => `ocds-yg0000-${scene.tender.code}`;

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 4 });
    const room = await Committee.open(scene, clients);
    await room.toScoring();
    await room.scoreAllAndConclude();
    // The report completes at its signing deadline.
    t().clock.set(new Date(t().clock.now().getTime() + 24 * HOUR + 1000));
    await scene.relogin();
    await testRunner(t()).run();
    await t().platform.events.consumers.drain('award-reports');
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  let endsAt: string;
  it('releases the publicity as ["award"]: each candidate a pending award with its supplier and price in 元', async () => {
    const before = (await releases()).length;
    const state = (
      await api().get(`/api/v1/tenders/${scene.tender.id}/award`).set(bearer(scene.agency.token))
    ).body.sections[0];
    endsAt = state.limits.earliestEndAt;
    const res = await api().post(`${base()}/publicity`).set(bearer(scene.agency.token)).send({ endsAt });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await drain();
    const all = await releases();
    assert.equal(all.length, before + 1);
    const release = all.at(-1)!;
    assert.deepEqual(release.tag, ['award']);
    assert.equal(release.id, `${ocid()}-${all.length}-award`);
    const awards = release.awards as Award[];
    assert.deepEqual(
      awards.map((a) => [a.status, a.suppliers[0]!.name, a.value]),
      scene.bids
        .slice(0, 3)
        .map((b) => ['pending', b.bidder.name, { amount: b.priceFen / 100, currency: 'CNY' }]),
    );
    assert.ok(awards.every((a) => a.id.startsWith(`${scene.section.code}-`)));
    // The candidates are tenderers, not suppliers, until one is confirmed.
    const parties = release.parties as { roles: string[] }[];
    assert.ok(parties.every((p) => !p.roles.includes('supplier')));
  });

  it('releases the award as ["awardUpdate"]: the winner active and a supplier, the others unsuccessful', async () => {
    t().clock.set(new Date(Date.parse(endsAt) + 1000));
    await scene.relogin();
    const res = await api()
      .post(`${base()}/award`)
      .set(bearer(scene.agency.token))
      .send({
        candidateRank: 2,
        passedOver: [{ rank: 1, ground: 'declined', reason: '第一中标候选人书面声明放弃中标，见其来函。' }],
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await drain();
    const release = (await releases()).at(-1)!;
    assert.deepEqual(release.tag, ['awardUpdate']);
    assert.equal(release.date, res.body.confirmedAt);
    assert.deepEqual(
      (release.awards as Award[]).map((a) => a.status),
      ['unsuccessful', 'active', 'unsuccessful'],
    );
    const winner = scene.bids[1]!;
    const supplier = (release.parties as { name: string; roles: string[] }[]).find(
      (p) => p.name === winner.bidder.name,
    );
    assert.deepEqual(supplier?.roles, ['tenderer', 'supplier']);
    assert.equal((release.tender as { status: string }).status, 'complete');

    const compiled = await record();
    assert.equal((compiled.awards as Award[]).length, 3, 'the awards merge by id');
    assert.equal((compiled.awards as Award[])[1]!.status, 'active');
    const parties = compiled.parties as { name: string; roles: string[] }[];
    assert.deepEqual(parties.find((p) => p.name === winner.bidder.name)?.roles, ['tenderer', 'supplier']);
    assert.deepEqual(parties.find((p) => p.name === scene.bids[0]!.bidder.name)?.roles, ['tenderer']);
    assert.ok((compiled.bids as { details: unknown[] }).details.length === 4, 'the bids stay');
  });

  const DAY = 24 * HOUR;
  const post = async (path: string, body: object) => {
    const res = await api().post(`${base()}/${path}`).set(bearer(scene.agency.token)).send(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await drain();
    return res.body;
  };
  type Contract = {
    id: string;
    awardID: string;
    status?: string;
    value?: { amount: number };
    period?: object;
    implementation?: {
      transactions?: { id: string; value: object; payee: { name: string } }[];
      milestones?: object[];
    };
    amendments?: object[];
  };
  const contractsOf = (r: Release) => r.contracts as Contract[];

  /** The bid the contract is signed on: the winner's, or the next candidate's once the winner refused. */
  let contractedBidId = '';
  it('releases a re-award after the winner refused: its award cancelled and no longer a supplier, the next one active', async () => {
    const refusedWinner = scene.bids[1]!;
    await post('contract-refusal', { reason: '中标人书面声明放弃中标，拒绝签订合同' });
    const next = await post('award-next', {});
    contractedBidId = next.bidId;
    const release = (await releases()).at(-1)!;
    assert.deepEqual(release.tag, ['awardUpdate']);
    const statusOf = (awards: Award[], bidId: string) =>
      awards.find((a) => a.id === `${scene.section.code}-${bidId}`)?.status;
    assert.equal(statusOf(release.awards as Award[], refusedWinner.bidId), 'cancelled');
    assert.equal(statusOf(release.awards as Award[], next.bidId), 'active');

    const compiled = await record();
    assert.equal(statusOf(compiled.awards as Award[], refusedWinner.bidId), 'cancelled');
    assert.equal(statusOf(compiled.awards as Award[], next.bidId), 'active');
    const parties = compiled.parties as { name: string; roles: string[] }[];
    const newWinner = scene.bids.find((b) => b.bidId === next.bidId)!;
    assert.deepEqual(parties.find((p) => p.name === refusedWinner.bidder.name)?.roles, ['tenderer']);
    assert.deepEqual(parties.find((p) => p.name === newWinner.bidder.name)?.roles, ['tenderer', 'supplier']);
    assert.deepEqual(
      parties.filter((p) => p.roles.includes('supplier')).map((p) => p.name),
      [newWinner.bidder.name],
    );
  });

  it('releases the contract as ["contract"]: active, its award, value, period and date signed', async () => {
    const winner = scene.bids.find((b) => b.bidId === contractedBidId)!;
    const now = t().clock.now();
    const body = await post('contract', {
      supplierPartyId: winner.bidder.user.partyId,
      priceFen: winner.priceFen,
      subject: '道路改造工程施工',
      quality: '合格',
      paymentMethod: '按进度支付',
      startsOn: new Date(now.getTime() + 8 * HOUR + DAY).toISOString().slice(0, 10),
      dueAt: new Date(now.getTime() + 120 * DAY).toISOString(),
    });
    const release = (await releases()).at(-1)!;
    assert.deepEqual(release.tag, ['contract']);
    const [contract, ...more] = contractsOf(release);
    assert.equal(more.length, 0);
    assert.equal(contract!.id, body.id);
    assert.equal(contract!.awardID, `${scene.section.code}-${winner.bidId}`);
    assert.equal(contract!.status, 'active');
    assert.deepEqual(contract!.value, { amount: winner.priceFen / 100, currency: 'CNY' });
    assert.deepEqual(contract!.period, {
      startDate: new Date(`${body.startsOn}T00:00:00+08:00`).toISOString(),
      endDate: body.dueAt,
    });
    assert.equal((contract as { dateSigned?: string }).dateSigned, body.signedAt);
  });

  it('releases milestones and payments as implementation, a change as contractAmendment, acceptance as contractTermination', async () => {
    const winner = scene.bids.find((b) => b.bidId === contractedBidId)!;
    const planned = new Date(t().clock.now().getTime() + 30 * DAY).toISOString();
    await post('milestones', { description: '路基施工完成', plannedAt: planned });
    await post('payments', { amountFen: 100_000_00 });
    await post('changes', { reason: '增加排水管网延伸工程量', amountChangeFen: 5_000_00 });
    await post('acceptance', {});
    const all = await releases();
    assert.deepEqual(
      all.slice(-4).map((r) => r.tag[0]),
      ['implementation', 'implementationUpdate', 'contractAmendment', 'contractTermination'],
    );
    const compiled = await record();
    const [contract] = contractsOf(compiled);
    assert.equal(
      contract!.status,
      'terminated',
      'closed by its acceptance (contractStatus has no "closed" in 1.1)',
    );
    assert.deepEqual(contract!.value, { amount: (winner.priceFen + 5_000_00) / 100, currency: 'CNY' });
    assert.equal(contract!.amendments!.length, 1);
    const [payment] = contract!.implementation!.transactions!;
    assert.deepEqual(payment!.value, { amount: 100_000, currency: 'CNY' });
    assert.equal(payment!.payee.name, winner.bidder.name);
    assert.deepEqual(contract!.implementation!.milestones, [
      {
        id: (contract!.implementation!.milestones![0] as { id: string }).id,
        title: '路基施工完成',
        type: 'delivery',
        dueDate: planned,
        status: 'scheduled',
      },
    ]);
    // From the tender to the implementation, in one record.
    assert.ok(compiled.tender && compiled.bids && compiled.awards && compiled.contracts);
  });

  it('fails validation for an award status outside the codelist, so the checks above can fail', async () => {
    const res = await api().get(`/api/v1/ocds/tenders/${scene.tender.id}/releases`).expect(200);
    res.body.releases.find((r: Release) => r.tag[0] === 'award').awards[0].status = 'confirmed';
    assert.equal(validate.releasePackage(res.body), false);
  });
});
