import assert from 'node:assert/strict';
import request from 'supertest';
import { SCREENS_CONSUMER } from '../src/modules/supervision/index.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer, createStaff, login, type TestUser } from './helpers/api.js';
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

const DAY = 24 * 3600_000;

interface Alert {
  id: string;
  indicator: string;
  severity: string;
  status: string;
  sectionId: string | null;
  evidence: { summary: string; seqs: number[]; details: Record<string, unknown> };
}

describe('supervision alerts: screens over the event stream, once per finding, and the workflow', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let expert: TestUser;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 3);
    expert = await createStaff(t, 'expert', 'expert-supervision');
  });
  after(() => t.close());

  const screened = () => t.platform.supervision.screener.idle();

  /** A tender whose bids (one per price, one bidder each, all from the test client's one device) are opened. */
  async function openedTender(prices: number[]): Promise<TenderView> {
    t.clock.advance(DAY);
    await relogin(t, w);
    const tender = await openingTender(t, w);
    for (const [i, priceFen] of prices.entries()) await submitTestBid(t, tender, w.bidders[i]!, { priceFen });
    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
    await relogin(t, w);
    for (const i of [0, 1]) await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
    await testRunner(t).run();
    assert.equal((await t.platform.tenders.find(tender.id))!.status, 'evaluating');
    await screened();
    return tender;
  }

  const alertsOf = async (tenderId: string): Promise<Alert[]> =>
    (
      await request(t.app)
        .get('/api/v1/supervision/alerts')
        .query({ tenderId })
        .set(bearer(w.supervisor.token))
        .expect(200)
    ).body.items;
  const raisedEvents = (tenderId: string) =>
    t.platform.events.read(0, 1000, { tenderId, types: ['supervision.alert-raised'] });
  const summary = (alerts: Alert[]) =>
    alerts.map((a) => `${a.indicator}/${a.severity}/${a.evidence.details.kind ?? ''}`).sort();

  let tender: TenderView;
  let alerts: Alert[];

  it('raises same-device, same-ip, upload-cluster, same-file and identical prices as the tender goes through opening', async () => {
    tender = await openedTender([88_000_000, 88_000_000, 95_000_000]);
    alerts = await alertsOf(tender.id);
    assert.deepEqual(summary(alerts), [
      'price-steps/critical/identical',
      'same-device/critical/',
      // The test bids all carry the same patterned attachment.
      'same-file/critical/identical',
      'same-ip/warning/',
      'upload-cluster/info/',
    ]);
    // The evidence names the events: the three uploads for the device, the uploads and the record for prices.
    const uploads = await t.platform.events.read(0, 1000, { tenderId: tender.id, types: ['bid.submitted'] });
    const uploadSeqs = uploads.map((e) => e.seq);
    const device = alerts.find((a) => a.indicator === 'same-device')!;
    assert.deepEqual(device.evidence.seqs, uploadSeqs);
    assert.deepEqual(device.evidence.details.identifiers, ['device:device-0001']);
    const [record] = await t.platform.events.read(0, 10, {
      tenderId: tender.id,
      types: ['opening.record-published'],
    });
    const identical = alerts.find((a) => a.indicator === 'price-steps')!;
    assert.deepEqual(identical.evidence.seqs, [...uploadSeqs.slice(0, 2), record!.seq]);
    assert.equal(identical.sectionId, tender.sections[0]!.id);
    assert.match(identical.evidence.summary, /2 bidders bid exactly ¥880,000\.00/);
    assert.ok(alerts.every((a) => a.status === 'open'));
    // Each raise is told to the stream once.
    assert.equal((await raisedEvents(tender.id)).length, alerts.length);
  });

  it('raises nothing twice: the consumer replayed from the start, or one event screened again', async () => {
    const before = (await alertsOf(tender.id)).map((a) => a.id).sort();
    await t.platform.events.models.EventCursor.update(
      { lastSeq: 0 },
      { where: { consumer: SCREENS_CONSUMER } },
    );
    await screened();
    const [record] = await t.platform.events.read(0, 10, {
      tenderId: tender.id,
      types: ['opening.record-published'],
    });
    // The last upload: an earlier one is not screened again, the later one having seen it.
    const lastUpload = (
      await t.platform.events.read(0, 10, { tenderId: tender.id, types: ['bid.submitted'] })
    ).at(-1)!;
    for (const event of [record!, record!, lastUpload, lastUpload]) {
      await t.platform.db.transaction((tx) => t.platform.supervision.screener.screen(tx, event));
    }
    assert.deepEqual((await alertsOf(tender.id)).map((a) => a.id).sort(), before);
    assert.equal((await raisedEvents(tender.id)).length, before.length);
    const rows = await t.platform.supervision.models.SupervisionAlert.count({
      where: { tenderId: tender.id },
    });
    assert.equal(rows, before.length);
  });

  it('raises single-bid when a section fails with one bid received', async () => {
    t.clock.advance(DAY);
    await relogin(t, w);
    const lonely = await openingTender(t, w);
    await submitTestBid(t, lonely, w.bidders[0]!, { priceFen: 90_000_000 });
    t.clock.set(new Date(Date.parse(lonely.schedule.bidDeadline) + 5_000));
    await relogin(t, w);
    await testRunner(t).run();
    assert.equal((await t.platform.tenders.find(lonely.id))!.status, 'failed');
    await screened();
    const found = await alertsOf(lonely.id);
    assert.deepEqual(summary(found), ['single-bid/critical/']);
    assert.equal(found[0]!.sectionId, lonely.sections[0]!.id);
  });

  describe('the workflow: open → acknowledged → resolved, supervisors only', () => {
    const post = (path: string, user: TestUser, body?: object) =>
      request(t.app).post(`/api/v1/supervision/alerts${path}`).set(bearer(user.token)).send(body);

    it('acknowledges, then resolves with a conclusion and a note, audited; a step out of order is a 409', async () => {
      const alert = alerts.find((a) => a.indicator === 'same-ip')!;
      const early = await post(`/${alert.id}/resolution`, w.supervisor, {
        conclusion: 'dismissed',
        note: '同一写字楼',
      });
      assert.equal(early.status, 409);
      assert.equal(early.body.error.code, 'ALERT_WRONG_STATUS');

      const acked = await post(`/${alert.id}/acknowledgement`, w.supervisor).expect(200);
      assert.equal(acked.body.status, 'acknowledged');
      assert.equal(acked.body.acknowledgedBy.userId, w.supervisor.userId);
      assert.equal((await post(`/${alert.id}/acknowledgement`, w.supervisor)).status, 409);

      for (const body of [
        { conclusion: 'forgiven', note: 'x' },
        { conclusion: 'dismissed', note: '   ' },
        { conclusion: 'dismissed' },
        { conclusion: 'dismissed', note: 'x'.repeat(2001) },
        { conclusion: 'dismissed', note: 'ok', extra: 1 },
      ]) {
        const bad = await post(`/${alert.id}/resolution`, w.supervisor, body);
        assert.equal(bad.status, 422, JSON.stringify(body));
        assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
      }

      const resolved = await post(`/${alert.id}/resolution`, w.supervisor, {
        conclusion: 'warning',
        note: '两家投标人同一IP上传，已约谈并警示。',
      }).expect(200);
      assert.equal(resolved.body.status, 'resolved');
      assert.equal(resolved.body.conclusion, 'warning');
      assert.equal(resolved.body.resolvedBy.userId, w.supervisor.userId);
      const again = await post(`/${alert.id}/resolution`, w.supervisor, {
        conclusion: 'dismissed',
        note: 'x',
      });
      assert.equal(again.status, 409);

      const audited = await t.platform.models.AuditEntry.findAll({
        where: { subject: `supervision-alert:${alert.id}` },
        order: [['seq', 'ASC']],
      });
      assert.deepEqual(
        audited.map((e) => e.action),
        ['supervision.alert-acknowledge', 'supervision.alert-resolve'],
      );
      const steps = await t.platform.events.read(0, 1000, {
        tenderId: tender.id,
        types: ['supervision.alert-acknowledged', 'supervision.alert-resolved'],
      });
      assert.deepEqual(
        steps.filter((e) => (e.data as { alertId: string }).alertId === alert.id).map((e) => e.type),
        ['supervision.alert-acknowledged', 'supervision.alert-resolved'],
      );

      const byStatus = (status: string) =>
        request(t.app)
          .get('/api/v1/supervision/alerts')
          .query({ status, tenderId: tender.id })
          .set(bearer(w.supervisor.token))
          .expect(200);
      assert.deepEqual(
        (await byStatus('resolved')).body.items.map((a: Alert) => a.id),
        [alert.id],
      );
      assert.ok(!(await byStatus('open')).body.items.some((a: Alert) => a.id === alert.id));
      // A resolved alert stays resolved when its events are screened again.
      await t.platform.events.models.EventCursor.update(
        { lastSeq: 0 },
        { where: { consumer: SCREENS_CONSUMER } },
      );
      await screened();
      const read = await request(t.app)
        .get(`/api/v1/supervision/alerts/${alert.id}`)
        .set(bearer(w.supervisor.token))
        .expect(200);
      assert.equal(read.body.status, 'resolved');
      assert.equal(read.body.resolutionNote, '两家投标人同一IP上传，已约谈并警示。');
    });

    it('answers 404 for an unknown alert and 422 for a malformed id or query', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const get = (path: string) =>
        request(t.app).get(`/api/v1/supervision/alerts${path}`).set(bearer(w.supervisor.token));
      assert.equal((await get(`/${unknown}`)).status, 404);
      assert.equal((await post(`/${unknown}/acknowledgement`, w.supervisor)).status, 404);
      assert.equal((await get('/not-an-id')).status, 422);
      assert.equal((await get('?status=closed')).status, 422);
      assert.equal((await get('?tenderId=x')).status, 422);
    });

    it('refuses every other role (403) and the anonymous (401), and changes nothing for them', async () => {
      const alert = alerts.find((a) => a.indicator === 'upload-cluster')!;
      expert.token = await login(t.app, expert.username);
      const others = [w.admin, w.tenderee, w.agency, w.bidder, expert, w.custodians[0]!];
      for (const user of others) {
        const as = (r: request.Test) => r.set(bearer(user.token));
        assert.equal((await as(request(t.app).get('/api/v1/supervision/alerts'))).status, 403, user.role);
        assert.equal((await as(request(t.app).get(`/api/v1/supervision/alerts/${alert.id}`))).status, 403);
        assert.equal((await post(`/${alert.id}/acknowledgement`, user)).status, 403);
        const resolve = await post(`/${alert.id}/resolution`, user, { conclusion: 'dismissed', note: 'x' });
        assert.equal(resolve.status, 403);
      }
      assert.equal((await request(t.app).get('/api/v1/supervision/alerts')).status, 401);
      assert.equal(
        (await request(t.app).post(`/api/v1/supervision/alerts/${alert.id}/acknowledgement`)).status,
        401,
      );
      const after = await request(t.app)
        .get(`/api/v1/supervision/alerts/${alert.id}`)
        .set(bearer(w.supervisor.token))
        .expect(200);
      assert.equal(after.body.status, 'open');
    });
  });
});
