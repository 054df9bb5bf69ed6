import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import type { AlertPush, ChangedPush, OverviewView } from '../src/modules/supervision/dashboard/schemas.js';
import { DashboardFeed, type Pacer } from '../src/modules/supervision/dashboard/feed.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer, createStaff, type TestUser } from './helpers/api.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import type { TestPlatform } from './helpers/platform.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { nextEvent, SocketClients, withTimeout } from './helpers/sockets.js';

/** Monotonic time and timers moved by hand, for the feed's pacing. */
class HandPacer implements Pacer {
  private time = 0;
  private due: { at: number; fn: () => void }[] = [];
  now = () => this.time;
  after = (ms: number, fn: () => void) => {
    const job = { at: this.time + ms, fn };
    this.due.push(job);
    return () => void (this.due = this.due.filter((j) => j !== job));
  };
  advance(ms: number): void {
    this.time += ms;
    const ready = this.due.filter((j) => j.at <= this.time);
    this.due = this.due.filter((j) => j.at > this.time);
    for (const job of ready) job.fn();
  }
}

/** Waits for a push already under way (never for time to pass: the clock is the test's). */
const until = (done: () => boolean, what: string) =>
  withTimeout(
    (async () => {
      while (!done()) await new Promise((r) => setTimeout(r, 5));
    })(),
    what,
  );

describe('supervision dashboard: the overview and the live /supervision namespace', function () {
  this.timeout(180_000);
  let server: TestServer;
  let t: TestPlatform;
  let w: OpeningWorld;
  let expert: TestUser;
  let custodian: TestUser;
  let tender: TenderView;
  let quiet: TenderView;
  let sockets: SocketClients;
  /** A supervisor's socket from before the opening: their session has ended by then. */
  let early: Socket;

  const overview = async (query: Record<string, string> = {}): Promise<OverviewView> =>
    (
      await request(t.app)
        .get('/api/v1/supervision/overview')
        .query(query)
        .set(bearer(w.supervisor.token))
        .expect(200)
    ).body;
  const stages = (o: OverviewView) => Object.fromEntries(o.stages.map((s) => [s.stage, s.count]));
  const day = (o: OverviewView, date: string) => o.trend.find((d) => d.date === date);

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    t = server.testPlatform;
    w = await openingWorld(t, 4);
    expert = await createStaff(t, 'expert', 'expert-dashboard');
    custodian = w.custodians[0]!;
    tender = await openingTender(t, w);
    quiet = await openingTender(t, w);
    // Three bids from the test client's one device (flagged at once), two at the same price (at the opening).
    for (const [i, priceFen] of [88_000_000, 88_000_000, 95_000_000].entries())
      await submitTestBid(t, tender, w.bidders[i]!, { priceFen });
    await t.platform.supervision.screener.idle();
    sockets = new SocketClients(server.baseUrl);
  });
  after(async () => {
    sockets?.closeAll();
    await server?.stop();
  });

  it('counts the published tenders as pre-bid and today’s publications and bids in the trend', async () => {
    const o = await overview();
    assert.equal(o.today, '2026-01-05'); // 02:00Z is 10:00 in Beijing
    assert.deepEqual(stages(o), { 'pre-bid': 2, 'in-bid': 0, 'post-bid': 0, ended: 0 });
    assert.deepEqual(
      o.statuses.map((s) => [s.status, s.count]),
      [['published', 2]],
    );
    assert.equal(o.trend.length, 30);
    assert.equal(o.trend.at(-1)!.date, '2026-01-05');
    assert.equal(o.trend[0]!.date, '2025-12-07');
    assert.deepEqual(day(o, '2026-01-05'), { date: '2026-01-05', tenders: 2, bids: 3, openings: 0 });
    assert.equal(
      o.trend.reduce((n, d) => n + d.tenders + d.bids + d.openings, 0),
      5,
    );
    // The deadline is 25 days on: nothing opens today, nothing is late.
    assert.deepEqual(o.openings, []);
    assert.deepEqual(o.evaluations, []);
    assert.deepEqual(o.overdue, []);
    // The uploads' alerts (one device, one address, one burst), by severity and by indicator.
    const raised = await t.platform.supervision.alerts.list({});
    assert.ok(raised.length >= 2, `${raised.length} alerts`);
    const open = (severity: string) => raised.filter((a) => a.severity === severity).length;
    assert.deepEqual(
      o.alerts.bySeverity.map((s) => [s.severity, s.open, s.acknowledged]),
      [
        ['critical', open('critical'), 0],
        ['warning', open('warning'), 0],
        ['info', open('info'), 0],
      ],
    );
    assert.deepEqual(
      o.alerts.byIndicator.map((i) => [i.indicator, i.open]),
      [...new Set(raised.map((a) => a.indicator))]
        .sort()
        .map((i) => [i, raised.filter((a) => a.indicator === i).length]),
    );
    assert.deepEqual(o.settings, { alertDays: 3, openingGraceMinutes: 15 });
  });

  it('answers supervisors only: 401 without a session, 403 for every other role, 422 for a bad query', async () => {
    await request(t.app).get('/api/v1/supervision/overview').expect(401);
    for (const user of [w.admin, w.tenderee, w.agency, w.bidder, custodian, expert]) {
      const res = await request(t.app).get('/api/v1/supervision/overview').set(bearer(user.token));
      assert.equal(res.status, 403, user.role);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    for (const alertDays of ['0', '91', 'soon']) {
      const res = await request(t.app)
        .get('/api/v1/supervision/overview')
        .query({ alertDays })
        .set(bearer(w.supervisor.token));
      assert.equal(res.status, 422, alertDays);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    const extra = await request(t.app)
      .get('/api/v1/supervision/overview')
      .query({ tenderId: tender.id })
      .set(bearer(w.supervisor.token));
    assert.equal(extra.status, 422);
  });

  it('refuses /supervision to anyone but a supervisor', async () => {
    assert.equal((await sockets.connectError(undefined, '/supervision')).message, 'UNAUTHENTICATED');
    assert.equal((await sockets.connectError('not-a-token', '/supervision')).message, 'UNAUTHENTICATED');
    for (const user of [w.admin, w.tenderee, w.bidder, custodian, expert]) {
      assert.equal((await sockets.connectError(user.token, '/supervision')).message, 'FORBIDDEN', user.role);
    }
  });

  it('pushes `changed` with the tender to a supervisor when a bid arrives', async () => {
    early = await sockets.connect(w.supervisor.token, '/supervision');
    const changed = nextEvent<ChangedPush>(early, 'changed');
    await submitTestBid(t, tender, w.bidders[3]!, { priceFen: 99_000_000 });
    // The coalesced push names every tender touched in its window: events of another tender may share it.
    const { tenderIds } = await changed;
    assert.ok(tenderIds.includes(tender.id), JSON.stringify(tenderIds));
    assert.equal(day(await overview(), '2026-01-05')!.bids, 4);
    // The namespace takes no client events.
    const answer = (await early.timeout(5000).emitWithAck('hall:join', {})) as {
      ok: boolean;
      error: { code: string };
    };
    assert.deepEqual([answer.ok, answer.error.code], [false, 'UNKNOWN_EVENT']);
  });

  it('pushes each raised alert and coalesced changes while the opening runs; the overview moves on', async () => {
    const deadline = Date.parse(tender.schedule.bidDeadline);
    t.clock.set(new Date(deadline + 5_000));
    await relogin(t, w);
    const supervisor = await sockets.connect(w.supervisor.token, '/supervision');
    const alerts: AlertPush[] = [];
    supervisor.on('alert', (push: AlertPush) => alerts.push(push));
    let expired = false;
    early.once('session_expired', () => (expired = true));
    // A second feed on the same bus, paced by hand: a busy opening comes out as one push now and one
    // after the window with every tender touched meanwhile, not dozens.
    const pacer = new HandPacer();
    const pushes: ChangedPush[] = [];
    const paced = new DashboardFeed({
      events: t.platform.events,
      alerts: t.platform.supervision.alerts,
      pacer,
    });
    const detach = paced.attach({ alert: () => undefined, changed: (p) => pushes.push(p) });
    const eventsOf = async () => (await t.platform.events.read(0, 10_000, { tenderId: tender.id })).length;
    const eventsBefore = await eventsOf();
    try {
      for (const i of [0, 1]) await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
      await testRunner(t).run();
      await t.platform.supervision.screener.idle();
      await until(() => alerts.length > 0, 'an alert pushed');
      const push = alerts[0]!;
      assert.equal(push.change, 'raised');
      assert.equal(push.alert.tenderId, tender.id);
      assert.equal(push.alert.status, 'open');
      const opened = (await eventsOf()) - eventsBefore;
      assert.ok(opened > 5, `${opened} events`);
      assert.equal(pushes.length, 1, 'one push for the first event; the rest wait for the window');
      pacer.advance(499);
      assert.equal(pushes.length, 1);
      pacer.advance(1);
      assert.equal(pushes.length, 2);
      assert.ok(pushes[1]!.tenderIds.includes(tender.id), JSON.stringify(pushes));
      pacer.advance(60_000);
      assert.equal(pushes.length, 2, 'nothing more happened, nothing more is pushed');
    } finally {
      detach();
    }
    // The socket whose session ended hears nothing more: it was told and closed.
    await until(() => expired && early.disconnected, 'the expired socket closed');

    const o = await overview();
    assert.equal(o.today, '2026-01-30');
    assert.equal((await t.platform.tenders.find(tender.id))!.status, 'evaluating');
    const status = (await t.platform.tenders.find(quiet.id))!.status;
    assert.equal(stages(o)['post-bid'], 1);
    assert.equal(o.statuses.find((s) => s.status === status)!.count, 1);
    assert.equal(day(o, '2026-01-05')!.tenders, 2);
    assert.equal(o.trend.at(-1)!.openings, status === 'published' ? 1 : 2);
    const opened = o.openings.find((x) => x.tenderId === tender.id)!;
    assert.deepEqual(
      [opened.tenderTitle, opened.at, opened.openingStatus, opened.result],
      [tender.title, tender.schedule.bidDeadline, 'complete', 'evaluating'],
    );
    assert.ok(o.openings.some((x) => x.tenderId === quiet.id));
    // Every alert raised since the supervisor connected was pushed; the figures count them all by severity.
    const raised = await t.platform.supervision.alerts.list({ tenderId: tender.id });
    const fresh = raised.filter((a) => Date.parse(a.raisedAt) >= deadline);
    assert.ok(fresh.some((a) => a.indicator === 'price-steps'));
    await until(() => alerts.length >= fresh.length, 'every alert pushed');
    assert.deepEqual(alerts.map((a) => a.alert.id).sort(), fresh.map((a) => a.id).sort());
    const open = (sev: string) => raised.filter((a) => a.severity === sev).length;
    assert.deepEqual(
      o.alerts.bySeverity.map((s) => [s.severity, s.open]),
      [
        ['critical', open('critical')],
        ['warning', open('warning')],
        ['info', open('info')],
      ],
    );
    assert.equal(
      o.alerts.byIndicator.reduce((n, i) => n + i.open, 0),
      raised.length,
    );

    // Acknowledging one is pushed too, as the alert now stands.
    const acknowledged = nextEvent<AlertPush>(supervisor, 'alert');
    await request(t.app)
      .post(`/api/v1/supervision/alerts/${raised[0]!.id}/acknowledgement`)
      .set(bearer(w.supervisor.token))
      .expect(200);
    const ack = await acknowledged;
    assert.deepEqual(
      [ack.change, ack.alert.id, ack.alert.status],
      ['acknowledged', raised[0]!.id, 'acknowledged'],
    );
  });

  it('lists what is late: an opening not run after its deadline, alerts nobody took up for days', async () => {
    const late = await openingTender(t, w);
    t.clock.set(new Date(Date.parse(late.schedule.bidDeadline) + 20 * 60_000));
    await relogin(t, w);
    const o = await overview();
    const notRun = o.overdue.filter((x) => x.kind === 'opening-not-run');
    assert.deepEqual(
      notRun.map((x) => [x.tenderId, x.tenderTitle, x.dueAt]),
      [[late.id, late.title, late.schedule.bidDeadline]],
    );
    const unattended = o.overdue.filter((x) => x.kind === 'alert-unattended');
    const stillOpen = (await t.platform.supervision.alerts.list({ tenderId: tender.id, status: 'open' }))
      .length;
    assert.equal(unattended.length, stillOpen);
    assert.ok(unattended.every((x) => x.tenderId === tender.id && x.indicator && x.severity && x.alertId));
    // With a longer patience the same alerts are not late yet.
    const patient = await overview({ alertDays: '60' });
    assert.equal(patient.overdue.filter((x) => x.kind === 'alert-unattended').length, 0);
    assert.equal(patient.settings.alertDays, 60);
    // Oldest first.
    const due = o.overdue.map((x) => x.dueAt);
    assert.deepEqual(due, [...due].sort());
  });
});
