import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { SCREENS_CONSUMER } from '../src/modules/supervision/index.js';
import { bearer } from '../test/helpers/api.js';
import { base64urlJson, newKeyPem, submitBid, testDevice } from '../test/helpers/bids.js';
import {
  openingTender,
  openingWorld,
  releaseShares,
  sealTestBid,
  testRunner,
} from '../test/helpers/opening.js';
import { createTestPlatform } from '../test/helpers/platform.js';

/**
 * The screens' real path, once: `bids` sealed bids submitted through the API to a real platform on SQLite,
 * opened by the custodians' shares, with the durable consumers running as on a server (woken by each
 * commit). Timed by the live pushes, which come after each commit: from `opening.record-published` to the
 * last `supervision.alert-raised` its screening stored (single-bid, the price screens and what else the
 * screener runs on that event). Three bidders bid one price from one machine, so the record raises alerts.
 */
const round = (ms: number) => (Number.isFinite(ms) ? Math.round(ms * 10) / 10 : null);

export async function endToEnd(bids: number) {
  const setupStart = performance.now();
  const t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
  try {
    const { events } = t.platform;
    let recordAt = 0;
    let recordCpu = process.cpuUsage();
    const raisedAt: number[] = [];
    events.on('opening.record-published', () => {
      recordAt = performance.now();
      recordCpu = process.cpuUsage();
    });
    // The screener's `prepare` (reading the opened bids' attachments before the screens), timed apart when
    // there is one: the rest of record-to-alerts is the screens and the alerts' writes.
    const screener = t.platform.supervision.screener as unknown as {
      prepare?: (event: unknown) => Promise<void>;
    };
    let prepareMs = 0;
    const prepare = screener.prepare?.bind(screener);
    if (prepare)
      screener.prepare = async (event) => {
        const start = performance.now();
        try {
          await prepare(event);
        } finally {
          prepareMs += performance.now() - start;
        }
      };
    events.on('supervision.alert-raised', () => {
      raisedAt.push(performance.now());
    });
    const w = await openingWorld(t, bids, { bidderKeyPem: await newKeyPem() });
    const bidders = w.bidders;
    const tender = await openingTender(t, w);
    const max = tender.sections[0]!.maxPriceFen ?? 100_000_000;
    for (const [i, bidder] of bidders.entries()) {
      // Bidders 1-3 a ring: one machine, one price; the others their own machine and an honest price.
      const ring = i >= 1 && i <= 3;
      // Honest prices all different and irregular: 7919 is prime to 1000, so i·7919 mod 1000 never repeats.
      const priceFen = Math.round(max * (ring ? 0.9 : 0.75 + ((i * 7919) % 1000) / 5000));
      const sealed = await sealTestBid(tender, bidder, { priceFen });
      const device = { ...testDevice, deviceId: ring ? 'ring-machine' : `machine-${i}` };
      const res = await submitBid(t.app, bidder.user.token, tender, sealed.file, {
        'X-Client-Device': base64urlJson(device),
      });
      if (res.status !== 201) throw new Error(`bid ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await events.consumers.drain(SCREENS_CONSUMER);
    const uploadAlerts = raisedAt.length;

    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
    const runner = testRunner(t);
    await runner.run();
    for (const i of [0, 1, 2]) {
      const res = await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
      if (res.status !== 200) throw new Error(`shares: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await runner.run();
    const [record] = await t.platform.events.read(0, 10, {
      tenderId: tender.id,
      types: ['opening.record-published'],
    });
    if (!record) throw new Error('no opening record was published');
    await events.consumers.drain(SCREENS_CONSUMER);
    const caughtUp = performance.now();
    const cpu = process.cpuUsage(recordCpu);
    const afterRecord = raisedAt.filter((at) => at >= recordAt);
    const seconds = (performance.now() - setupStart) / 1000;

    const alerts = await request(t.app)
      .get('/api/v1/supervision/alerts')
      .query({ tenderId: tender.id })
      .set(bearer(w.supervisor.token));
    const items = (alerts.body.items ?? []) as { indicator: string; evidence: { seqs: number[] } }[];
    return {
      engine: t.platform.db.dialect,
      bids,
      recordToAlertsMs: round(afterRecord.length ? afterRecord.at(-1)! - recordAt : NaN),
      /** When the consumer was drained after the opening: an upper bound, the runner's own work included. */
      recordToCaughtUpMs: round(caughtUp - recordAt),
      /** This process's CPU time over the same span (the server's whole process; the machine is shared). */
      recordToCaughtUpCpuMs: round((cpu.user + cpu.system) / 1000),
      /** Of it, the screener's prepare: the section's attachments read (decrypted, hashed, parsed). */
      prepareMs: prepare ? round(prepareMs) : 'none',
      alertsFromUploads: uploadAlerts,
      alertsFromRecord: items.filter((a) => a.evidence.seqs.includes(record.seq)).length,
      alerts: items.length,
      indicators: [...new Set(items.map((a) => a.indicator))].sort(),
      seconds: Math.round(seconds),
    };
  } finally {
    await t.close();
  }
}
