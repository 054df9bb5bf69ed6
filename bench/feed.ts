import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { createApp } from '../src/app.js';
import { composePlatform, type Platform } from '../src/compose.js';
import { loadConfig } from '../src/platform/config.js';
import { feedPageQuery } from '../src/modules/publication/feed.js';
import { feedQuery } from '../src/modules/publication/schemas.js';
import { fillFeed } from './feed-data.js';

/**
 * The notice feed under load (issue: "with 100,000 published tenders, the filtered first page of the feed
 * serves at ≥ 0.5× the requests per second of /healthz under the same autocannon load"). The server runs on
 * this thread; autocannon drives it from a worker thread, so the load generator does not share the server's
 * event loop. Every URL gets the same connections and duration, one after the other, and the ratios are the
 * figures (absolute numbers vary with the machine). The feed is measured as deployed (its 1 s microcache for
 * anonymous readers on) and, from a second server on the same database, with the microcache off, which is
 * what every cache miss costs. BENCH_DATABASE_URL picks the engine (default: a fresh SQLite file); give it an
 * empty database. BENCH_TENDERS and BENCH_SECONDS shrink the run for a try-out.
 */
const TENDERS = Number(process.env.BENCH_TENDERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const FEED = '/api/v1/notices?region=45&category=A&status=published&limit=20';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function load(base: string, path: string, duration: number) {
  const result = await autocannon({ url: base + path, connections: CONNECTIONS, duration, workers: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  }
  return result;
}

/** How the engine plans the feed's page query (one statement: ids from an index, then rows by id). */
async function queryPlan(platform: Platform): Promise<string> {
  const { sequelize } = platform.db;
  const query = feedQuery.parse(Object.fromEntries(new URL(FEED, 'http://x').searchParams));
  const { sql, values } = feedPageQuery(query, platform.db.dialect);
  if (platform.db.dialect === 'sqlite') {
    const [rows] = await sequelize.query(`EXPLAIN QUERY PLAN ${sql}`, { replacements: values });
    return (rows as { detail: string }[]).map((r) => r.detail).join('; ');
  }
  const [rows] = await sequelize.query(`EXPLAIN ${sql}`, { replacements: values });
  return (rows as { type: string; key: string; Extra: string }[])
    .map((r) => `${r.type} ${r.key} ${r.Extra}`)
    .join('; ');
}

async function serve(platform: Platform) {
  const http = createServer(createApp(platform));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, base: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yg-bench-feed-'));
  const env = {
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`,
    KEYS_DIR: join(dir, 'keys'),
    STORAGE_DIR: join(dir, 'blobs'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
  };
  const platform = await composePlatform(loadConfig(env));
  const uncached = await composePlatform(loadConfig({ ...env, FEED_CACHE_MS: '0' }));
  const servers: { http: Server }[] = [];
  try {
    const seeded = performance.now();
    const notices = await fillFeed(platform, TENDERS);
    const seedSeconds = (performance.now() - seeded) / 1000;
    // Fresh statistics, as a production database has them.
    await platform.db.sequelize.query(platform.db.dialect === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE notices');
    const [cachedServer, uncachedServer] = [await serve(platform), await serve(uncached)];
    servers.push(cachedServer, uncachedServer);
    const page = (await (await fetch(uncachedServer.base + FEED)).json()) as { items: unknown[] };
    if (page.items.length !== 20)
      throw new Error(`the feed's first page has ${page.items.length} items, not 20`);

    // Warm-up: JIT, connection pools, the database's page cache.
    for (const base of [cachedServer.base, uncachedServer.base]) await load(base, FEED, 2);
    await load(cachedServer.base, '/healthz', 2);
    const healthz = await load(cachedServer.base, '/healthz', SECONDS);
    const feed = await load(cachedServer.base, FEED, SECONDS);
    const miss = await load(uncachedServer.base, FEED, SECONDS);
    console.log(
      JSON.stringify({
        bench: 'notice-feed',
        engine: platform.db.dialect,
        tenders: TENDERS,
        notices,
        seedSeconds: round(seedSeconds, 1),
        plan: await queryPlan(platform),
        connections: CONNECTIONS,
        seconds: SECONDS,
        healthzRps: round(healthz.requests.average, 0),
        feedRps: round(feed.requests.average, 0),
        feedToHealthzRatio: round(feed.requests.average / healthz.requests.average),
        feedUncachedRps: round(miss.requests.average, 0),
        feedUncachedP99Ms: miss.latency.p99,
        uncachedToHealthzRatio: round(miss.requests.average / healthz.requests.average),
      }),
    );
  } finally {
    for (const { http } of servers) await new Promise((resolve) => http.close(resolve));
    await uncached.close();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
