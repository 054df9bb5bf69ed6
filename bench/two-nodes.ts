import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { composePlatform } from '../src/compose.js';
import { loadConfig } from '../src/platform/config.js';
import { SpawnedServer } from '../test/helpers/bid-server.js';
import { fillFeed } from './feed-data.js';
import { evaluationOnNodes } from './two-nodes-evaluation.js';

/**
 * One node against two on the same MariaDB and Redis (issue 17), in one run, the same load split round-robin
 * between the two: the uncached notice feed (below), then the evaluation room (bench/two-nodes-evaluation.ts).
 * The nodes are real server processes; the feed's load comes from autocannon in this process (one worker
 * thread per node), the room's clients from a process of their own. On a small machine the nodes, the database and
 * the load generator share the cores, so the ratio says what a second node costs or buys here, not on a real
 * cluster. BENCH_DATABASE_URL (an empty MySQL/MariaDB database) and BENCH_REDIS_URL pick the servers; without
 * them the bench starts throw-away ones with .ci/start-mariadb.sh and .ci/start-redis.sh. The evaluation part
 * makes a database of its own on the same server. One JSON line; the exit status is 1 if the room lost,
 * duplicated or failed to deliver anything.
 */
const TENDERS = Number(process.env.BENCH_TENDERS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const FEED = '/api/v1/notices?region=45&category=A&status=published&limit=20';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** The load on these nodes at once, the connections split evenly: requests per second in total, worst p99. */
async function load(bases: string[], seconds: number) {
  const runs = await Promise.all(
    bases.map((base) =>
      autocannon({
        url: base + FEED,
        connections: CONNECTIONS / bases.length,
        duration: seconds,
        workers: 1,
      }),
    ),
  );
  for (const r of runs)
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors`);
  return {
    rps: runs.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
  };
}

/** Throw-away servers from the CI scripts when none are given; stopped on exit. */
function servers(dir: string) {
  const stops: (() => void)[] = [];
  const start = (script: string, sub: string) => {
    const base = join(dir, sub);
    const url = execFileSync('bash', [`.ci/start-${script}.sh`, base], { encoding: 'utf8' }).trim();
    stops.push(() => execFileSync('bash', [`.ci/stop-${script}.sh`, base], { stdio: 'ignore' }));
    return url.split('\n').at(-1)!;
  };
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? start('mariadb', 'mariadb');
  const redisUrl = process.env.BENCH_REDIS_URL ?? start('redis', 'redis');
  return { databaseUrl, redisUrl, stop: () => stops.reverse().forEach((stop) => stop()) };
}

/** The feed on one node, then on two; the nodes stopped after. */
async function feedOnNodes(dir: string, databaseUrl: string, redisUrl: string) {
  const nodes: SpawnedServer[] = [];
  try {
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      KEYS_DIR: join(dir, 'keys'),
      STORAGE_DIR: join(dir, 'blobs'),
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
    });
    const platform = await composePlatform(config);
    const notices = await fillFeed(platform, TENDERS);
    await platform.db.sequelize.query('ANALYZE TABLE notices');
    await platform.close();

    // Every request reaches the database: the feed as a cache miss costs it. (The nodes log at info: their
    // listening line says their port.)
    const extra = { REDIS_URL: redisUrl, FEED_CACHE_MS: '0', DEMO_CUSTODIAN_AGENTS: 'false' };
    nodes.push(new SpawnedServer(config, extra));
    const a = await nodes[0]!.baseUrl;
    await load([a], 2); // warm-up: JIT, pools, the database's pages
    const one = await load([a], SECONDS);
    nodes.push(new SpawnedServer(config, extra));
    const b = await nodes[1]!.baseUrl;
    await load([b], 2);
    const two = await load([a, b], SECONDS);
    return {
      tenders: TENDERS,
      notices,
      connections: CONNECTIONS,
      seconds: SECONDS,
      oneNodeRps: round(one.rps, 0),
      oneNodeP99Ms: one.p99,
      twoNodesRps: round(two.rps, 0),
      twoNodesP99Ms: two.p99,
      twoToOneRatio: round(two.rps / one.rps),
    };
  } finally {
    for (const node of nodes) await node.stop();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yg-bench-nodes-'));
  const { databaseUrl, redisUrl, stop } = servers(dir);
  try {
    const feed = await feedOnNodes(dir, databaseUrl, redisUrl);
    console.error(`[bench:two-nodes] feed: ${JSON.stringify(feed)}`);
    const evaluation = await evaluationOnNodes(databaseUrl, redisUrl);
    console.log(JSON.stringify({ bench: 'two-nodes', feed, evaluation }));
    if (evaluation.faults > 0) process.exitCode = 1;
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
