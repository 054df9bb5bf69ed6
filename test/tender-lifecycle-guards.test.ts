import assert from 'node:assert/strict';
import request from 'supertest';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer, login } from './helpers/api.js';
import { drawBody, drawWorld, type DrawWorld } from './helpers/experts.js';
import { testRunner } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender } from './helpers/tenders.js';

/**
 * Status guards other modules take from the tender state machine, at the HTTP edge: experts are drawn for a
 * tender that will be evaluated, so a failed (流标) or cancelled tender's draw is refused before anything is
 * committed (`requestExpertDraw`); a cancelled tender has no opening, so no key share is handed out for its
 * bids (`releaseShare`).
 */
describe('tender lifecycle guards: expert draws and key shares of failed and cancelled tenders', function () {
  // The world (a published tender and eight experts with logins) takes over 20 s on a loaded MariaDB runner.
  this.timeout(120_000);
  let t: TestPlatform;
  let world: DrawWorld;
  let cancelled: TenderView;
  let failed: TenderView;
  let running: TenderView;

  const requestDraw = (tender: TenderView) =>
    request(t.app)
      .post(`/api/v1/tenders/${tender.id}/expert-draws`)
      .set(bearer(world.agency.token))
      .send(drawBody({ ...world, tender }));
  const drawsOf = (tender: TenderView) =>
    t.platform.models.ExpertDraw.count({ where: { tenderId: tender.id } });
  const statusOf = async (tender: TenderView) => (await t.platform.tenders.find(tender.id))!.status;

  before(async () => {
    t = await createTestPlatform();
    world = await drawWorld(t, { local: 4, remote: 1 });
    const agencyRun = { agencyPartyId: world.agency.partyId! };
    cancelled = await publishedTender(t, world, agencyRun);
    await request(t.app)
      .post(`/api/v1/tenders/${cancelled.id}/cancellation`)
      .set(bearer(world.agency.token))
      .send({ reason: '项目资金未落实，终止招标' })
      .expect(200);
    // No bids by the deadline: the opening fails the tender (SS Art.44), through the real opening job.
    failed = await publishedTender(t, world, agencyRun);
    t.clock.set(new Date(failed.schedule.bidDeadline));
    await testRunner(t).run();
    // Weeks later: the sessions have lapsed.
    world.agency.token = await login(t.app, world.agency.username);
    world.tenderee.token = await login(t.app, world.tenderee.username);
    world.custodians[0]!.token = await login(t.app, world.custodians[0]!.username);
    running = await publishedTender(t, world, agencyRun);
  });
  after(() => t.close());

  it('a failed tender: 409 TENDER_NOT_OPEN naming the status, and no draw is committed', async () => {
    assert.equal(await statusOf(failed), 'failed');
    const res = await requestDraw(failed);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'TENDER_NOT_OPEN');
    assert.match(res.body.error.message, /failed tender has no evaluation/);
    assert.deepEqual(res.body.error.details, { status: 'failed' });
    assert.equal(await drawsOf(failed), 0);
  });

  it('a cancelled tender: 409 TENDER_NOT_OPEN naming the status, and no draw is committed', async () => {
    assert.equal(await statusOf(cancelled), 'cancelled');
    const res = await requestDraw(cancelled);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'TENDER_NOT_OPEN');
    assert.deepEqual(res.body.error.details, { status: 'cancelled' });
    assert.equal(await drawsOf(cancelled), 0);
  });

  it('a cancelled tender past its deadline: 409 TENDER_NOT_OPENING to its key custodian', async () => {
    const shares = (tender: TenderView) =>
      request(t.app)
        .get(`/api/v1/tenders/${tender.id}/opening/wrapped-shares`)
        .set(bearer(world.custodians[0]!.token));
    const refused = await shares(cancelled);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'TENDER_NOT_OPENING');
    assert.deepEqual(refused.body.error.details, { status: 'cancelled' });
    // A failed tender's opening is complete, and says so, as before.
    const complete = await shares(failed);
    assert.equal(complete.body.error?.code, 'OPENING_COMPLETE', JSON.stringify(complete.body));
  });

  it('the same request for a published tender is taken', async () => {
    assert.equal(await statusOf(running), 'published');
    const res = await requestDraw(running);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(await drawsOf(running), 1);
  });
});
