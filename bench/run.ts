import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { composePlatform, type Platform } from '../src/compose.js';
import { loadConfig } from '../src/platform/config.js';
import { verifyAuditChain } from '../src/platform/audit/verify.js';
import { usccCheckCharacter } from '../src/platform/china/uscc.js';

/**
 * Benchmarks of the foundation, each printing one JSON line. Figures are compared as ratios measured in
 * the same run, since the machines are shared and noisy. BENCH_DATABASE_URL picks an engine (default: a
 * fresh SQLite file); point it at an empty database, since the benchmark fills it.
 */
const ctx = { actor: null, ip: '127.0.0.1', requestId: 'bench' };

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function auditAppend(platform: Platform) {
  const { db, audit } = platform;
  const append = (i: number) =>
    db.transaction((t) =>
      audit.append(t, ctx, { action: 'bench.append', subject: `bench:${i}`, data: { i } }),
    );
  const n = 400;
  let start = performance.now();
  for (let i = 0; i < n; i++) await append(i);
  const sequentialMs = performance.now() - start;
  start = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => append(n + i)));
  const concurrentMs = performance.now() - start;
  start = performance.now();
  const verdict = await verifyAuditChain(
    platform.models,
    platform.keys.signer.certPem,
    platform.config.AUDIT_CHECKPOINT_EVERY,
  );
  const verifyMs = performance.now() - start;
  if (!verdict.ok) throw new Error('chain broken in benchmark');
  console.log(
    JSON.stringify({
      bench: 'audit-chain',
      engine: db.dialect,
      appendsPerSecSequential: round((n / sequentialMs) * 1000),
      appendsPerSecConcurrent: round((n / concurrentMs) * 1000),
      concurrentToSequentialRatio: round(sequentialMs / concurrentMs),
      verifyEntriesPerSec: round((verdict.entries / verifyMs) * 1000),
      entries: verdict.entries,
      checkpoints: verdict.checkpoints,
    }),
  );
}

async function partiesPagination(platform: Platform) {
  const { Party } = platform.models;
  const total = 5000;
  const rows = Array.from({ length: total }, (_, i) => {
    const body = `91450100MA${String(i).padStart(7, '0')}`;
    return {
      id: randomUUID(),
      name: `基准测试企业${i}有限公司`,
      uscc: body + usccCheckCharacter(body),
      kind: 'bidder' as const,
      regionCode: '450100',
      contactName: '测试',
      contactPhone: '0771-5550100',
      contactEmail: null,
      address: null,
      status: 'verified' as const,
      verifiedAt: new Date(),
      verifiedBy: null,
      rejectionReason: null,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await Party.bulkCreate(rows.slice(i, i + 500));

  const http = createServer(createApp(platform));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/v1/parties?limit=50`;
  const timeGet = async (url: string) => {
    const start = performance.now();
    const res = await fetch(url);
    const body = (await res.json()) as { nextCursor: string | null };
    return { ms: performance.now() - start, next: body.nextCursor };
  };
  // Walk every page once; compare the first pages with the deepest ones.
  const pageTimes: number[] = [];
  let cursor: string | null = null;
  do {
    const { ms, next }: { ms: number; next: string | null } = await timeGet(
      cursor ? `${base}&cursor=${cursor}` : base,
    );
    pageTimes.push(ms);
    cursor = next;
  } while (cursor);
  const first = pageTimes.slice(1, 11).reduce((a, b) => a + b, 0) / 10;
  const last = pageTimes.slice(-10).reduce((a, b) => a + b, 0) / 10;

  const latencies: number[] = [];
  const start = performance.now();
  const requests = 600;
  const concurrency = 12;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < requests) {
        sent++;
        latencies.push((await timeGet(base)).ms);
      }
    }),
  );
  const elapsed = performance.now() - start;
  latencies.sort((a, b) => a - b);
  await new Promise((resolve) => http.close(resolve));
  console.log(
    JSON.stringify({
      bench: 'parties-list',
      engine: platform.db.dialect,
      parties: total,
      pages: pageTimes.length,
      firstPagesMs: round(first),
      deepestPagesMs: round(last),
      deepToFirstRatio: round(last / first),
      requestsPerSec: round((requests / elapsed) * 1000),
      p50Ms: round(quantile(latencies, 0.5)),
      p95Ms: round(quantile(latencies, 0.95)),
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'yg-bench-'));
const config = loadConfig({
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`,
  KEYS_DIR: join(dir, 'keys'),
  STORAGE_DIR: join(dir, 'blobs'),
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'false',
});
const platform = await composePlatform(config);
try {
  await auditAppend(platform);
  await partiesPagination(platform);
} finally {
  await platform.close();
  rmSync(dir, { recursive: true, force: true });
}
