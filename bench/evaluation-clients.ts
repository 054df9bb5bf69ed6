import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { canonicalJson } from '../crypto/index.js';
import {
  allPass,
  declaration,
  reviewSheet,
  scoresAt,
  scoreSheet,
  signedInput,
} from '../test/helpers/evaluation.js';
import {
  quantile,
  round,
  type BareFigures,
  type Command,
  type EvaluationFigures,
  type Figures,
} from './evaluation-room.js';

/*
 * The clients of the evaluation-room benchmarks, in a process of their own (forked by RoomClients in
 * bench/evaluation-room.ts): the members and the supervisors' watcher sockets, each a Socket.IO connection of
 * its own, spread round-robin over the nodes they are given.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Ack = { ok: boolean; seq?: number; replayed?: boolean; error?: { code: string }; snapshot?: Snapshot };
type Snapshot = {
  seq: number;
  step: string;
  log: { seq: number }[];
  truncated: boolean;
  mySheets: { bidId: string; kind: string; version: number; payload: { scores?: Record<string, number> } }[];
};

function connect(url: string, token: string | undefined, namespace: string, reconnection = false) {
  const socket = io(`${url}${namespace}`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    forceNew: true,
    reconnection,
    reconnectionDelay: 50,
    reconnectionDelayMax: 500,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function emit(socket: Socket, event: string, input: unknown, ms = 30_000): Promise<Ack> {
  try {
    return (await socket.timeout(ms).emitWithAck(event, input)) as Ack;
  } catch (err) {
    throw new Error(`${event}: no acknowledgement in ${ms} ms`, { cause: err });
  }
}

/** Progress on stderr (the figures are the one line on stdout). */
const progress = (what: string) => console.error(`[bench:evaluation] ${what}`);

async function must(socket: Socket, event: string, input: unknown): Promise<Ack> {
  const ack = await emit(socket, event, input);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack;
}

/** In batches, so the setup does not open hundreds of handshakes at once. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T, i: number) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  }
  return out;
}

async function bare({
  url,
  watchers: count,
  acks: rounds,
}: Extract<Command, { cmd: 'bare' }>): Promise<BareFigures> {
  const caller = await connect(url, undefined, '/');
  const input = { evaluationId: randomUUID(), eventId: randomUUID(), payload: { pad: 'x'.repeat(600) } };
  for (let i = 0; i < 100; i++) await emit(caller, 'ping', input); // warm-up
  const acks: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await emit(caller, 'ping', input);
    acks.push(performance.now() - start);
  }
  const watchers = await inBatches(Array.from({ length: count }), 50, async () => {
    const s = await connect(url, undefined, '/');
    await emit(s, 'watch', undefined);
    return s;
  });
  const fanout = await fanoutRounds(
    watchers,
    200,
    async () => {
      const ack = await emit(caller, 'score', input);
      return ack.seq!;
    },
    'log',
  );
  for (const s of [caller, ...watchers]) s.close();
  return {
    ackP50Ms: round(quantile(acks, 0.5), 3),
    ackP99Ms: round(quantile(acks, 0.99), 3),
    fanoutP50Ms: round(quantile(fanout, 0.5), 2),
    fanoutP99Ms: round(quantile(fanout, 0.99), 2),
  };
}

/** Arrival times of each seq at each watcher. */
function listen(watchers: Socket[], event: string) {
  const arrivals = watchers.map(() => new Map<number, number>());
  watchers.forEach((s, i) =>
    s.on(event, (m: { seq: number }) => {
      if (!arrivals[i]!.has(m.seq)) arrivals[i]!.set(m.seq, performance.now());
    }),
  );
  return arrivals;
}

/** `rounds` sequential sends; for each, the time from send to the last watcher's receipt. */
async function fanoutRounds(watchers: Socket[], rounds: number, send: () => Promise<number>, event: string) {
  const arrivals = listen(watchers, event);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    const seq = await send();
    while (arrivals.some((a) => !a.has(seq))) await sleep(1);
    out.push(Math.max(...arrivals.map((a) => a.get(seq)!)) - start);
  }
  return out;
}

async function evaluation(c: Extract<Command, { cmd: 'evaluation' }>): Promise<EvaluationFigures> {
  const setupStart = performance.now();
  const { evaluationId, plan, bids } = c;
  const names = bids.map((b) => b.bidderName);
  const keysOf = (m: (typeof c.members)[number]) => ({
    keys: { keyPem: m.keyPem, certPem: '', serial: m.serial },
  });
  // Round-robin over the nodes: member i and watcher i on node i mod n.
  const node = (i: number) => c.urls[i % c.urls.length]!;
  const members = await inBatches(c.members, 20, async (m, i) => {
    const socket = await connect(node(i), m.token, '/evaluation', true);
    await must(socket, 'evaluation:join', { evaluationId });
    return { ...m, socket, lastSeq: 0 };
  });

  progress('members joined');
  // Forming: signed declarations, everyone votes for the first member, who moves on to review.
  await Promise.all(
    members.map(async (m) =>
      must(
        m.socket,
        'evaluation:declare',
        await signedInput(keysOf(m), declaration(evaluationId, m.memberId, names)),
      ),
    ),
  );
  progress('declared');
  const leader = members[0]!;
  for (const m of members) {
    await must(m.socket, 'evaluation:vote-leader', {
      evaluationId,
      eventId: randomUUID(),
      candidateMemberId: leader.memberId,
    });
  }
  const advance = (from: string) =>
    must(leader.socket, 'evaluation:advance', { evaluationId, eventId: randomUUID(), from });
  progress('leader elected');
  await advance('forming');
  await Promise.all(
    members.map(async (m) => {
      for (const b of bids) {
        const sheet = reviewSheet(evaluationId, m.memberId, b.bidId, allPass(plan));
        await must(m.socket, 'evaluation:review', await signedInput(keysOf(m), sheet));
      }
    }),
  );
  progress('reviewed');
  await advance('review');
  await advance('clarification');

  const watchers = await inBatches(Array.from({ length: c.watchers }), 50, async (_, i) => {
    const s = await connect(node(i), c.watcherToken, '/evaluation', true);
    await must(s, 'evaluation:join', { evaluationId });
    return s;
  });
  progress('watchers joined');
  const arrivals = listen(watchers, 'evaluation:log');
  const setupSeconds = (performance.now() - setupStart) / 1000;

  // Every sheet signed before the clock starts: the client's crypto is not the server's time.
  const scoresFor = (i: number) => {
    const scores = scoresAt(plan, 0.7 + (i % 5) * 0.05);
    for (const cr of plan.criteria)
      if (cr.kind === 'objective' && cr.group !== 'price') scores[cr.key] = Math.round(cr.points * 80);
    return scores;
  };
  const acked: { memberIndex: number; bidId: string; scores: Record<string, number>; version: number }[] = [];
  const ackErrors: Record<string, number> = {};
  const noteError = (ack: Ack) => {
    const code = ack.error?.code ?? 'UNKNOWN';
    ackErrors[code] = (ackErrors[code] ?? 0) + 1;
  };

  async function timed(sheets: { m: number; b: number }[], pace: number | null): Promise<Figures> {
    const inputs = await Promise.all(
      sheets.map(async ({ m, b }) => {
        const member = members[m]!;
        const scores = scoresFor(m);
        return {
          m,
          b,
          scores,
          input: await signedInput(
            keysOf(member),
            scoreSheet(evaluationId, member.memberId, bids[b]!.bidId, scores),
          ),
        };
      }),
    );
    const acks: number[] = [];
    const sent: { seq: number; at: number }[] = [];
    const start = performance.now();
    await Promise.all(
      inputs.map(async ({ m, b, scores, input }, k) => {
        if (pace) {
          const due = start + (k * 1000) / pace;
          while (performance.now() < due) await sleep(Math.max(0, Math.min(5, due - performance.now())));
        }
        const at = performance.now();
        const ack = await emit(members[m]!.socket, 'evaluation:score', input);
        acks.push(performance.now() - at);
        if (!ack.ok) return noteError(ack);
        sent.push({ seq: ack.seq!, at });
        acked.push({ memberIndex: m, bidId: bids[b]!.bidId, scores, version: 1 });
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    // Every watcher's copy of each entry; a missing one waits (to at most 10 s), then counts as not arrived.
    const deadline = performance.now() + 10_000;
    while (sent.some((s) => arrivals.some((a) => !a.has(s.seq))) && performance.now() < deadline)
      await sleep(5);
    const fanout = sent.map((s) => Math.max(...arrivals.map((a) => a.get(s.seq) ?? Infinity)) - s.at);
    return {
      sheets: sheets.length,
      ackP50Ms: round(quantile(acks, 0.5)),
      ackP99Ms: round(quantile(acks, 0.99)),
      fanoutP50Ms: round(quantile(fanout, 0.5)),
      fanoutP99Ms: round(quantile(fanout, 0.99)),
      seconds: round(seconds),
    };
  }

  // Paced: member order shuffled per bid, as people finish at different times.
  const pacedSheets: { m: number; b: number }[] = [];
  for (let b = 0; b < bids.length - 1; b++) {
    const order = members.map((_, i) => i).sort(() => Math.random() - 0.5);
    for (const m of order) pacedSheets.push({ m, b });
  }
  const paced = await timed(pacedSheets, c.rate);
  progress('paced sheets done');
  const burst = await timed(
    members.map((_, m) => ({ m, b: bids.length - 1 })),
    null,
  );

  progress('burst done');
  // The forced reconnect: each member sends a correction (GP87 Art.64) and at once every connection drops.
  const reconnectStart = performance.now();
  const corrections = await Promise.all(
    members.map(async (member, m) => {
      const scores = { ...scoresFor(m) };
      const first = plan.criteria.find((cr) => cr.kind === 'subjective')!;
      scores[first.key] = Math.max(0, scores[first.key]! - 100);
      const sheet = scoreSheet(evaluationId, member.memberId, bids[0]!.bidId, scores, {
        reason: 'arithmetic',
        note: '合计有误，更正',
      });
      return { m, scores, input: await signedInput(keysOf(member), sheet) };
    }),
  );
  const everyone = [...members.map((m) => m.socket), ...watchers];
  const reconnected = Promise.all(
    everyone.map((s) => new Promise((resolve) => s.io.once('reconnect', resolve))),
  );
  let retriedAfterReconnect = 0;
  const results = corrections.map(async ({ m, scores, input }) => {
    const socket = members[m]!.socket;
    let ack: Ack | null = null;
    try {
      ack = await emit(socket, 'evaluation:score', input, 2000);
    } catch {
      // No answer: the connection went before the acknowledgement came. Resend the same step once back.
    }
    while (!ack) {
      if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      retriedAfterReconnect += 1;
      try {
        ack = await emit(socket, 'evaluation:score', input, 5000);
      } catch {
        ack = null;
      }
    }
    if (!ack.ok) return noteError(ack);
    const prior = acked.find((a) => a.memberIndex === m && a.bidId === bids[0]!.bidId);
    acked.push({ memberIndex: m, bidId: bids[0]!.bidId, scores, version: (prior?.version ?? 0) + 1 });
  });
  for (const s of everyone) s.io.engine.close();
  await Promise.all(results);
  await reconnected;
  const reconnectSeconds = (performance.now() - reconnectStart) / 1000;

  progress('reconnected');
  // Each member re-joins and must find every acknowledged sheet, last versions, exactly once.
  let lost = 0;
  let duplicated = 0;
  const rejoins: number[] = [];
  await inBatches(members, 25, async (member, m) => {
    const at = performance.now();
    const snapshot = (await must(member.socket, 'evaluation:join', { evaluationId })).snapshot!;
    rejoins.push(performance.now() - at);
    const mine = acked.filter((a) => a.memberIndex === m);
    for (const bid of bids) {
      const expected = mine.filter((a) => a.bidId === bid.bidId).at(-1);
      const held = snapshot.mySheets.filter((s) => s.kind === 'score' && s.bidId === bid.bidId);
      if (held.length > 1) duplicated += held.length - 1;
      if (!expected) continue;
      const sheet = held[0];
      if (!sheet || canonicalJson(sheet.payload.scores ?? null) !== canonicalJson(expected.scores)) lost += 1;
      else if (sheet.version > expected.version) duplicated += sheet.version - expected.version;
    }
  });
  // Each watcher catches up from the last entry it holds without a gap, as the web client does: the pushes
  // and the snapshot's log together leave none. A push that never came is counted, though the re-join fills it.
  let watcherGaps = 0;
  let pushesMissed = 0;
  // In batches, as reconnecting browsers spread out; each re-join's time is a figure of its own.
  await inBatches(watchers, 25, async (s, i) => {
    const seen = arrivals[i]!;
    const last = Math.max(0, ...seen.keys());
    let held = seen.size > 0 ? Math.min(...seen.keys()) : 0;
    while (seen.has(held + 1)) held += 1;
    const at = performance.now();
    const snapshot = (await must(s, 'evaluation:join', { evaluationId, lastSeq: held })).snapshot!;
    rejoins.push(performance.now() - at);
    for (const entry of snapshot.log)
      if (!seen.has(entry.seq)) {
        if (entry.seq < last) {
          pushesMissed += 1;
          progress(`watcher ${i} got entry ${entry.seq} only by re-joining (recovered: ${s.recovered})`);
        }
        seen.set(entry.seq, performance.now());
      }
    const first = Math.min(...seen.keys());
    for (let seq = first; seq <= snapshot.seq; seq++)
      if (!seen.has(seq)) {
        watcherGaps += 1;
        // What a failed run needs to be understood: which entry, against what the watcher had seen.
        progress(`watcher ${i} lacks entry ${seq} (saw ${first}..${last}, recovered: ${s.recovered})`);
      }
  });
  progress('watchers caught up');
  const ranking = await emit(leader.socket, 'evaluation:advance', {
    evaluationId,
    eventId: randomUUID(),
    from: 'scoring',
  });
  for (const s of everyone) s.close();
  return {
    paced,
    burst,
    lost,
    duplicated,
    acknowledged: acked.length,
    watcherGaps,
    pushesMissed,
    ackErrors,
    retriedAfterReconnect,
    reconnectSeconds: round(reconnectSeconds),
    rankingOk: ranking.ok,
    setupSeconds,
    rejoinP50Ms: round(quantile(rejoins, 0.5)),
    rejoinP99Ms: round(quantile(rejoins, 0.99)),
  };
}

process.on('message', (command: Command) => {
  const work = command.cmd === 'bare' ? bare(command) : evaluation(command);
  work.then(
    (figures) => process.send!(figures),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.stack : String(err) }),
  );
});
