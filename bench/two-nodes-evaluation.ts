import { performance } from 'node:perf_hooks';
import { SpawnedServer } from '../test/helpers/bid-server.js';
import { createTestPlatform } from '../test/helpers/platform.js';
import { benchCommittee, RoomClients, round, type EvaluationFigures } from './evaluation-room.js';

/*
 * bench:two-nodes, its evaluation-room part (issue 17): the same workload as bench:evaluation, smaller by
 * default, first on one node, then on two real server processes on the same MariaDB and Redis with the members
 * and the watchers alternating between them, so an entry committed on one node reaches half its watchers
 * through the Redis streams adapter. Each run has a committee of its own (a room, once scored, is done), both
 * made beforehand on a test platform in a database of its own on the same server.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 11);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 100);
const BIDS = Number(process.env.BENCH_BIDDERS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const DAY = 24 * 3600_000;

/** The figures of one run that the JSON line carries. */
function summary(f: EvaluationFigures) {
  return {
    burstSheetsPerSecond: round(f.burst.sheets / f.burst.seconds, 1),
    ackP50Ms: f.paced.ackP50Ms,
    ackP99Ms: f.paced.ackP99Ms,
    fanoutP50Ms: f.paced.fanoutP50Ms,
    fanoutP99Ms: f.paced.fanoutP99Ms,
    burstAckP99Ms: f.burst.ackP99Ms,
    burstFanoutP99Ms: f.burst.fanoutP99Ms,
    acknowledged: f.acknowledged,
    lost: f.lost,
    duplicated: f.duplicated,
    watcherGaps: f.watcherGaps,
    pushesMissed: f.pushesMissed,
    ackErrors: f.ackErrors,
    rankingOk: f.rankingOk,
  };
}

/** `databaseUrl` names the MariaDB server (its user may create databases); `redisUrl` the Redis. */
export async function evaluationOnNodes(databaseUrl: string, redisUrl: string) {
  // The test platform makes its database on the server that DATABASE_URL names.
  process.env.DATABASE_URL = databaseUrl;
  const t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
  const nodes: SpawnedServer[] = [];
  const clients = new RoomClients();
  try {
    // Each scene moves the clock about 25 days on (to its opening); started twice that far back, the second
    // ends before now, so the nodes' real clock finds the sessions, certificates and rooms as the scenes left
    // them (the first scene's sessions are still within their 30 days).
    const start = performance.now();
    t.clock.set(new Date(Date.now() - 50 * DAY - 2 * 3600_000));
    const forOne = await benchCommittee(t, MEMBERS, BIDS);
    const forTwo = await benchCommittee(t, MEMBERS, BIDS);
    await t.platform.close();
    console.error(
      `[bench:two-nodes] two committees seated in ${round((performance.now() - start) / 1000)} s`,
    );

    const extra = { REDIS_URL: redisUrl, DEMO_CUSTODIAN_AGENTS: 'false' };
    const workload = { watchers: WATCHERS, rate: RATE };
    nodes.push(new SpawnedServer(t.platform.config, extra));
    const a = await nodes[0]!.baseUrl;
    const one = summary(await clients.evaluation(forOne, { urls: [a], ...workload }));
    nodes.push(new SpawnedServer(t.platform.config, extra));
    const b = await nodes[1]!.baseUrl;
    const two = summary(await clients.evaluation(forTwo, { urls: [a, b], ...workload }));
    const ratio = (k: 'burstSheetsPerSecond' | 'ackP50Ms' | 'ackP99Ms' | 'fanoutP50Ms' | 'fanoutP99Ms') =>
      round(two[k] / one[k]);
    return {
      members: MEMBERS,
      watchers: WATCHERS,
      bids: BIDS,
      ratePerSecond: RATE,
      oneNode: one,
      twoNodes: two,
      twoToOne: {
        burstSheetsPerSecond: ratio('burstSheetsPerSecond'),
        ackP50Ms: ratio('ackP50Ms'),
        ackP99Ms: ratio('ackP99Ms'),
        fanoutP50Ms: ratio('fanoutP50Ms'),
        fanoutP99Ms: ratio('fanoutP99Ms'),
      },
      /** Lost, duplicated and missed entries of both runs: anything but 0 fails the bench. */
      faults: [one, two].reduce((n, r) => n + r.lost + r.duplicated + r.watcherGaps, 0),
    };
  } finally {
    clients.close();
    for (const node of nodes) await node.stop();
    await t.close();
  }
}
