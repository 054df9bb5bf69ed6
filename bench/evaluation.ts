import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { startTestServer } from '../test/helpers/server.js';
import { benchCommittee, RoomClients, round } from './evaluation-room.js';

/**
 * The evaluation room under load (issue 11): one evaluation with a committee of MEMBERS (default 51: a
 * committee is odd, so 51 stands for "50 members") and WATCHERS supervisor sockets (default 500) in its room.
 * The server is the real one (HTTP + Socket.IO, the platform on SQLite in a temp dir, or BENCH_DATABASE_URL)
 * in this process; every client runs in a child process on its own event loop, as browsers would, so the
 * two do not share a thread. The committee is made the real way (opening, a draw of 51 experts, signed
 * declarations, a leader, signed reviews); then, timed, the members' signed score sheets:
 * - paced: BENCH_RATE sheets a second (default 10, far above a real committee's pace) for all bids but the
 *   last; past the server's capacity the figures measure the queue, not the latency;
 * - burst: every member's sheet for the last bid at once (its sheets a second: the capacity);
 * from emit to the acknowledgement, and from emit to the `evaluation:log` entry arriving at every watcher.
 * Then every client's connection is cut (engine closed) right after each member sent a correction; clients
 * reconnect, re-join with their lastSeq, resend what was not acknowledged with the same eventId, and the final
 * snapshots must hold every acknowledged sheet exactly once (`lost`, `duplicated`), and every watcher must
 * have every log entry (`watcherGaps`). Beside it, in the same run, a bare Socket.IO server on the same
 * machine: the acknowledgement round trip and the same fan-out to the same number of sockets.
 * One JSON line last.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 51);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 500);
const BIDS = Number(process.env.BENCH_BIDDERS ?? 4);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const BARE_ACKS = Number(process.env.BENCH_BARE_ACKS ?? 2000);

/** A bare Socket.IO server: answers `ping` at once; `score` is broadcast to the `watchers` room, then answered. */
async function bareServer() {
  const http = createServer();
  const server = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
  });
  let seq = 0;
  server.on('connection', (socket) => {
    socket.on('watch', (_input: unknown, ack: (a: unknown) => void) => {
      void socket.join('watchers');
      ack({ ok: true });
    });
    socket.on('ping', (_input: unknown, ack: (a: unknown) => void) => ack({ ok: true }));
    socket.on('score', (_input: unknown, ack: (a: unknown) => void) => {
      seq += 1;
      server.to('watchers').emit('log', { seq });
      ack({ ok: true, seq });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function main() {
  if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const clients = new RoomClients();
  try {
    const bare = await bareServer();
    const bareFigures = await clients.bare(bare.url, WATCHERS, BARE_ACKS);
    await bare.close();
    console.error(`bare Socket.IO: ${JSON.stringify(bareFigures)}`);

    const setupStart = performance.now();
    const server = await startTestServer({ seedDemo: false });
    try {
      const t = server.testPlatform;
      const committee = await benchCommittee(t, MEMBERS, BIDS);
      const setupSeconds = (performance.now() - setupStart) / 1000;
      const figures = await clients.evaluation(committee, {
        urls: [server.baseUrl],
        watchers: WATCHERS,
        rate: RATE,
      });
      console.log(
        JSON.stringify({
          bench: 'evaluation',
          engine: t.platform.db.dialect,
          members: MEMBERS,
          watchers: WATCHERS,
          bids: BIDS,
          ackP50Ms: figures.paced.ackP50Ms,
          ackP99Ms: figures.paced.ackP99Ms,
          fanoutP50Ms: figures.paced.fanoutP50Ms,
          fanoutP99Ms: figures.paced.fanoutP99Ms,
          bareAckP50Ms: bareFigures.ackP50Ms,
          bareAckP99Ms: bareFigures.ackP99Ms,
          bareFanoutP50Ms: bareFigures.fanoutP50Ms,
          bareFanoutP99Ms: bareFigures.fanoutP99Ms,
          goal: { ackP99Ms: 50, fanoutP99Ms: 100 },
          lost: figures.lost,
          duplicated: figures.duplicated,
          watcherGaps: figures.watcherGaps,
          pushesMissed: figures.pushesMissed,
          acknowledged: figures.acknowledged,
          retriedAfterReconnect: figures.retriedAfterReconnect,
          reconnectSeconds: figures.reconnectSeconds,
          ackErrors: figures.ackErrors,
          rankingOk: figures.rankingOk,
          rejoinP50Ms: figures.rejoinP50Ms,
          rejoinP99Ms: figures.rejoinP99Ms,
          paced: { ...figures.paced, ratePerSecond: RATE },
          burst: {
            ...figures.burst,
            sheetsPerSecond: round(figures.burst.sheets / figures.burst.seconds, 1),
          },
          setupSeconds: round(setupSeconds + figures.setupSeconds, 1),
          loadAverage: loadavg().map((n) => round(n)),
        }),
      );
    } finally {
      await server.stop();
    }
  } finally {
    clients.close();
  }
}

await main();
