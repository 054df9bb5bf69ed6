import assert from 'node:assert/strict';
import request from 'supertest';
import { SCREENS_CONSUMER } from '../src/modules/supervision/index.js';
import { DOCX_TYPE, sampleDocx, samplePdf } from '../src/modules/supervision/attachments/samples.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { base64urlJson, submitBid } from './helpers/bids.js';
import { download, upload } from './helpers/documents.js';
import {
  openingWorld,
  relogin,
  releaseShares,
  sealTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import { evaluationScene, scoresAt, scoreSheet, type EvaluationScene } from './helpers/evaluation.js';
import { Committee, ok } from './helpers/evaluation-room.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';
import { validTender } from './helpers/tenders.js';

interface Alert {
  id: string;
  indicator: string;
  severity: string;
  sectionId: string | null;
  evidence: { summary: string; seqs: number[]; details: Record<string, unknown> };
}

const account = (accountNumber: string, accountName: string) =>
  base64urlJson({ bank: '中国建设银行南宁分行', accountName, accountNumber });

/**
 * The screens that need more than the uploads, driven through the API: bidders download the documents, seal
 * bids with real PDF and DOCX attachments, name their project manager and declare their deposit's account;
 * the opening decrypts them and the screens read the opened files before the committee sits.
 */
describe('supervision screens end to end: same-file, same-ip downloads and decryption, Art.40 facts', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let tender: TenderView;
  let alerts: Alert[];

  // Bidders 1 and 2 attach the same PDF; bidders 2 and 3 DOCX files of one company; bidders 1 and 3 pay their
  // deposits from one account; bidders 1 and 2 name one project manager; bidders 1 and 2 download the documents
  // and decrypt their own bids (all from the test client's one address).
  const sharedPdf = samplePdf({ Author: 'Administrator', Title: '技术标' });
  const files = [
    [
      { name: '技术标.pdf', mediaType: 'application/pdf', bytes: sharedPdf },
      {
        name: '商务标.docx',
        mediaType: DOCX_TYPE,
        bytes: sampleDocx({ company: '广西甲建设有限公司' }, '甲'),
      },
    ],
    [
      { name: '技术标.pdf', mediaType: 'application/pdf', bytes: sharedPdf },
      {
        name: '商务标.docx',
        mediaType: DOCX_TYPE,
        bytes: sampleDocx({ company: '南宁某某咨询有限公司' }, '乙'),
      },
    ],
    [
      { name: '技术标.pdf', mediaType: 'application/pdf', bytes: samplePdf({ Author: '王芳' }) },
      {
        name: '商务标.docx',
        mediaType: DOCX_TYPE,
        bytes: sampleDocx({ company: '南宁某某咨询有限公司' }, '丙'),
      },
    ],
  ];
  const managers = ['张伟', '张 伟', '李娜'];
  const deposits = [
    account('6217 0000 1111 2222', '甲'),
    account('6217000033334444', '乙'),
    account('6217-0000-1111-2222', '丙'),
  ];
  const prices = [88_000_000, 91_300_000, 95_700_000];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 3);
  });
  after(() => t.close());

  const screened = () => t.platform.supervision.screener.idle();
  const alertsOf = async (tenderId: string): Promise<Alert[]> =>
    (
      await request(t.app)
        .get('/api/v1/supervision/alerts')
        .query({ tenderId })
        .set(bearer(w.supervisor.token))
        .expect(200)
    ).body.items;
  const kind = (a: Alert) => `${a.indicator}/${a.severity}/${(a.evidence.details.kind as string) ?? ''}`;

  it('raises one alert per finding once the deadline passes and the opening record is out', async () => {
    const input = validTender(w, t.clock.now());
    input.bidFormFields = [
      ...input.bidFormFields,
      { key: 'projectManager', label: '项目经理', type: 'text', required: true, readOut: false },
    ];
    const created = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .send(input)
      .expect(201);
    const tenderId = created.body.tender.id as string;
    const doc = (await upload(t, w.tenderee, tenderId, { name: '招标文件.pdf' }, 'documents').expect(201))
      .body.id;
    tender = (
      await request(t.app)
        .post(`/api/v1/tenders/${tenderId}/publication`)
        .set(bearer(w.tenderee.token))
        .expect(200)
    ).body;

    for (const i of [0, 1]) await download(t, w.bidders[i]!.user, doc).expect(200);
    const sealed = [];
    for (const [i, bidder] of w.bidders.entries()) {
      const bid = await sealTestBid(tender, bidder, {
        priceFen: prices[i],
        attachments: files[i],
        form: { projectManager: managers[i]! },
      });
      const res = await submitBid(t.app, bidder.user.token, tender, bid.file, {
        'X-Deposit-Account': deposits[i]!,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      sealed.push({ ...bid, bidId: res.body.bid.id as string });
    }
    // Before the deadline: the uploads' screens only; downloads and deposits wait for the deadline.
    await screened();
    assert.deepEqual((await alertsOf(tender.id)).map(kind).sort(), [
      'same-device/critical/',
      'same-ip/warning/',
      'upload-cluster/info/',
    ]);

    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
    await relogin(t, w);
    await t.platform.tenders.closeDueBidding();
    await testRunner(t).run();
    // Bidders 1 and 2 decrypt their own bids (EB Art.30) before the custodians release theirs.
    for (const i of [0, 1]) {
      await request(t.app)
        .post(`/api/v1/bids/${sealed[i]!.bidId}/content-key`)
        .set(bearer(w.bidders[i]!.user.token))
        .send({ key: Buffer.from(sealed[i]!.key).toString('base64') })
        .expect(200);
    }
    for (const i of [0, 1]) await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
    await testRunner(t).run();
    assert.equal((await t.platform.tenders.find(tender.id))!.status, 'evaluating');
    await screened();

    alerts = await alertsOf(tender.id);
    assert.deepEqual(alerts.map(kind).sort(), [
      'deemed-collusion/critical/deposit',
      'deemed-collusion/critical/project-manager',
      'same-device/critical/',
      'same-file/critical/identical',
      'same-file/warning/metadata',
      'same-ip/warning/',
      'same-ip/warning/decryptions',
      'same-ip/warning/downloads',
      'upload-cluster/info/',
    ]);
  });

  it('names the bidders and shows the events as evidence', async () => {
    const names = (a: Alert) => (a.evidence.details.bidders as { name: string }[]).map((b) => b.name).sort();
    const bidderNames = await Promise.all(
      w.bidders.map(async (b) => (await t.platform.parties.find(b.user.partyId!))!.name),
    );
    const find = (k: string) => alerts.find((a) => kind(a) === k)!;
    const uploads = await t.platform.events.read(0, 100, { tenderId: tender.id, types: ['bid.submitted'] });
    const [record] = await t.platform.events.read(0, 10, {
      tenderId: tender.id,
      types: ['opening.record-published'],
    });
    const sectionId = tender.sections[0]!.id;

    const identical = find('same-file/critical/identical');
    assert.deepEqual(names(identical), [bidderNames[0], bidderNames[1]].sort());
    assert.deepEqual(identical.evidence.seqs, [uploads[0]!.seq, uploads[1]!.seq, record!.seq]);
    assert.equal(identical.sectionId, sectionId);
    const company = find('same-file/warning/metadata');
    assert.equal(company.evidence.details.value, '南宁某某咨询有限公司');
    assert.deepEqual(names(company), [bidderNames[1], bidderNames[2]].sort());

    const deposit = find('deemed-collusion/critical/deposit');
    assert.deepEqual(names(deposit), [bidderNames[0], bidderNames[2]].sort());
    const closed = await t.platform.events.read(0, 10, {
      tenderId: tender.id,
      types: ['tender.bidding-closed'],
    });
    assert.deepEqual(deposit.evidence.seqs, [uploads[0]!.seq, uploads[2]!.seq, closed[0]!.seq]);
    const manager = find('deemed-collusion/critical/project-manager');
    // The first spelling in bid order names it: both name the same person.
    assert.ok(['张伟', '张 伟'].includes(manager.evidence.details.name as string));
    assert.deepEqual(names(manager), [bidderNames[0], bidderNames[1]].sort());

    const downloads = await t.platform.events.read(0, 10, {
      tenderId: tender.id,
      types: ['tender.document-downloaded'],
    });
    assert.deepEqual(
      find('same-ip/warning/downloads').evidence.seqs,
      downloads.map((e) => e.seq),
    );
    assert.deepEqual(names(find('same-ip/warning/downloads')), [bidderNames[0], bidderNames[1]].sort());
    assert.deepEqual(names(find('same-ip/warning/decryptions')), [bidderNames[0], bidderNames[1]].sort());
  });

  it('kept hashes and metadata of the opened files, never their bytes, and audited its reads', async () => {
    const [rows] = (await t.platform.db.sequelize.query(
      'SELECT files FROM supervision_bid_files WHERE tender_id = ?',
      { replacements: [tender.id] },
    )) as [{ files: string }[], unknown];
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.ok(!row.files.includes('%PDF') && !row.files.includes('PK'), 'no file bytes are stored');
      assert.equal((JSON.parse(row.files) as unknown[]).length, 2);
    }
    const reads = await t.platform.models.AuditEntry.count({ where: { action: 'opened-bid.read' } });
    assert.equal(reads, 3, 'each opened bid read once, form and package together');
  });

  it('raises nothing new when the consumer replays the stream or an event is screened again', async () => {
    const before = (await alertsOf(tender.id)).map((a) => a.id).sort();
    const raised = () =>
      t.platform.events.read(0, 1000, { tenderId: tender.id, types: ['supervision.alert-raised'] });
    assert.equal((await raised()).length, before.length);
    await t.platform.events.models.EventCursor.update(
      { lastSeq: 0 },
      { where: { consumer: SCREENS_CONSUMER } },
    );
    await screened();
    const again = await t.platform.events.read(0, 1000, {
      tenderId: tender.id,
      types: ['opening.record-published', 'tender.bidding-closed', 'opening.bidder-key-submitted'],
    });
    for (const event of [...again, ...again]) {
      await t.platform.db.transaction((tx) => t.platform.supervision.screener.screen(tx, event));
    }
    assert.deepEqual((await alertsOf(tender.id)).map((a) => a.id).sort(), before);
    assert.equal((await raised()).length, before.length);
    // The files were not read again.
    assert.equal(await t.platform.models.AuditEntry.count({ where: { action: 'opened-bid.read' } }), 3);
  });
});

/**
 * The screens of a concluded evaluation, through a real committee over Socket.IO: one expert scores the lowest
 * bid far below the others (expert-deviation), and the section's outcomes join the win-rate history once.
 */
describe('supervision screens end to end: a concluded evaluation', function () {
  this.timeout(300_000);
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 3 });
    room = await Committee.open(scene, clients);
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  it('names the deviating expert and the bid, and records each bidder’s outcome once', async () => {
    const t = server.testPlatform;
    const plan = scene.section.evaluationPlan as {
      criteria: { key: string; kind: string; group: string; points: number }[];
    };
    await room.toScoring();
    const [lowest] = scene.bids;
    const outlier = room.seats.at(-1)!;
    for (const bid of scene.bids)
      for (const seat of room.seats) {
        const share = seat === outlier && bid === lowest ? 0 : 0.8;
        ok(
          await room.signed(
            seat,
            'evaluation:score',
            scoreSheet(room.evaluationId, seat.memberId, bid.bidId, scoresAt(plan, share)),
          ),
          'score',
        );
      }
    ok(await room.advance('scoring'), 'to ranking');
    ok(await room.advance('ranking'), 'conclude');
    await t.platform.supervision.screener.idle();

    const alerts: Alert[] = (
      await request(t.app)
        .get('/api/v1/supervision/alerts')
        .query({ tenderId: scene.tender.id })
        .set(bearer(scene.supervisor.token))
        .expect(200)
    ).body.items;
    const deviations = alerts.filter((a) => a.indicator === 'expert-deviation');
    assert.equal(deviations.length, 1, JSON.stringify(alerts.map((a) => a.indicator)));
    const [concluded] = await t.platform.events.read(0, 10, {
      tenderId: scene.tender.id,
      types: ['evaluation.concluded'],
    });
    const d = deviations[0]!;
    assert.deepEqual(d.evidence.seqs, [concluded!.seq]);
    assert.equal(d.evidence.details.memberId, outlier.memberId);
    assert.equal(d.evidence.details.memberName, outlier.user.name);
    assert.equal(d.evidence.details.bidderName, lowest!.bidder.name);
    assert.match(d.evidence.summary, new RegExp(`${lowest!.bidder.name}'s bid`));

    const outcomes = async () =>
      (
        (await t.platform.db.sequelize.query(
          'SELECT bidder_party_id, won FROM supervision_bidder_outcomes WHERE tender_id = ? ORDER BY bidder_party_id',
          { replacements: [scene.tender.id] },
        )) as [{ bidder_party_id: string; won: number | boolean }[], unknown]
      )[0];
    const recorded = await outcomes();
    assert.equal(recorded.length, 3);
    assert.equal(recorded.filter((r) => Boolean(r.won)).length, 1);
    // Replayed: neither a second alert nor a second outcome.
    await t.platform.events.models.EventCursor.update(
      { lastSeq: 0 },
      { where: { consumer: SCREENS_CONSUMER } },
    );
    await t.platform.supervision.screener.idle();
    await t.platform.db.transaction((tx) => t.platform.supervision.screener.screen(tx, concluded!));
    assert.deepEqual(await outcomes(), recorded);
    const after = await t.platform.supervision.models.SupervisionAlert.count({
      where: { tenderId: scene.tender.id, indicator: 'expert-deviation' },
    });
    assert.equal(after, 1);
  });
});
