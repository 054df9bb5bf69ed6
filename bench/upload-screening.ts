import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { newKeyPem, submitBid } from '../test/helpers/bids.js';
import { openingTender, openingWorld, sealTestBid } from '../test/helpers/opening.js';
import { createTestPlatform } from '../test/helpers/platform.js';

/**
 * The event consumers' work per upload as a tender's bids arrive one by one (as they do over the days before
 * a deadline): after each upload through the API the consumers catch up (the supervision screens judge every
 * upload of the tender as it stands), timed, with the SQL statements they ran. BENCH_BIDS bidders (default
 * 200) on SQLite (BENCH_DATABASE_URL=mysql://... for MariaDB). Reported at a quarter, half and all of the
 * bids: the median catch-up of the last five uploads to each mark and the statements per upload. The
 * statements per upload must stay flat (a query per bid made them grow with the bids, and the whole tender's
 * screening with their square); the time per upload grows with the rows read, so doubling the bids should
 * about double it, not more. One JSON line last.
 */
const BIDS = Number(process.env.BENCH_BIDS ?? 200);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
  try {
    const w = await openingWorld(t, BIDS, { bidderKeyPem: await newKeyPem() });
    const bidders = w.bidders;
    const tender = await openingTender(t, w);
    let statements = 0;
    t.platform.db.sequelize.addHook('beforeQuery', () => void (statements += 1));

    const uploads: { ms: number; statements: number }[] = [];
    for (const [i, bidder] of bidders.entries()) {
      const sealed = await sealTestBid(tender, bidder, { priceFen: 50_000_000 + i });
      const res = await submitBid(t.app, bidder.user.token, tender, sealed.file);
      if (res.status !== 201) throw new Error(`bid ${i}: ${res.status} ${JSON.stringify(res.body)}`);
      const before = statements;
      const start = performance.now();
      await t.platform.events.consumers.drain();
      uploads.push({ ms: performance.now() - start, statements: statements - before });
    }

    const marks = [...new Set([Math.ceil(BIDS / 4), Math.ceil(BIDS / 2), BIDS])].map((n) => {
      const last = uploads.slice(Math.max(0, n - 5), n);
      return {
        bids: n,
        catchUpMs: round(median(last.map((u) => u.ms))),
        statementsPerUpload: median(last.map((u) => u.statements)),
      };
    });
    const [, half, all] = marks;
    const line = {
      bench: 'upload-screening',
      engine: t.platform.db.dialect,
      bids: BIDS,
      marks,
      // Doubling the bids: ≈ 2 when the catch-up is linear in the tender's uploads, ≈ 1 for the statements.
      catchUpRatioHalfToAll: half && all ? round(all.catchUpMs / half.catchUpMs, 2) : null,
      statementsRatioHalfToAll:
        half && all ? round(all.statementsPerUpload / half.statementsPerUpload, 2) : null,
      totalCatchUpSeconds: round(uploads.reduce((s, u) => s + u.ms, 0) / 1000, 2),
      totalStatements: uploads.reduce((s, u) => s + u.statements, 0),
      loadAverage: loadavg().map((l) => round(l, 2)),
    };
    console.log(JSON.stringify(line));
  } finally {
    await t.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
