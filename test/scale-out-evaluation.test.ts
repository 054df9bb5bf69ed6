import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import type { EvaluationLogEntry } from '../src/contracts/evaluation.js';
import { SpawnedServer } from './helpers/bid-server.js';
import { evaluationScene, scoresAt, scoreSheet, type EvaluationScene } from './helpers/evaluation.js';
import { Committee, ok, snapshotOf, type Seat } from './helpers/evaluation-room.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { nextEvent, SocketClients } from './helpers/sockets.js';

/**
 * The evaluation room on two nodes (docs/design.md §11): a committee built on the test platform, then served
 * by two real server processes on one MariaDB and one Redis, with the real clock. Members sit on node A and a
 * supervisor watches from node B; a member who drops from A and comes back on B loses nothing. Runs where both
 * are given (CI's MariaDB run); skipped on the embedded SQLite.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const onServerDatabase = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');
const DAY = 24 * 3600_000;

describe('the evaluation room on two nodes (real processes, MariaDB and Redis)', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let scene: EvaluationScene;
  const nodes: SpawnedServer[] = [];
  let onA: SocketClients;
  let onB: SocketClients;
  let room: Committee;
  let supervisor: Socket;
  let admitted: string[];

  const sheet = (seat: Seat, bidId: string) =>
    room.signed(
      seat,
      'evaluation:score',
      scoreSheet(
        room.evaluationId,
        seat.memberId,
        bidId,
        scoresAt(scene.section.evaluationPlan as Parameters<typeof scoresAt>[0], 0.8),
      ),
    );

  before(async function () {
    if (!redisUrl || !onServerDatabase) return this.skip();
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    // The scene moves its clock 25 days on to the opening; started that far back, it ends about now, so the
    // servers' real clock finds the sessions and the evaluation as the scene left them.
    t.clock.set(new Date(Date.now() - 25 * DAY - 3600_000));
    scene = await evaluationScene(t, { bidders: 3 });
    for (let i = 0; i < 2; i++)
      nodes.push(
        new SpawnedServer(t.platform.config, { REDIS_URL: redisUrl, DEMO_CUSTODIAN_AGENTS: 'false' }),
      );
    const [a, b] = await Promise.all(nodes.map((n) => n.baseUrl));
    onA = new SocketClients(a!);
    onB = new SocketClients(b!);
    room = await Committee.open(scene, onA); // reads the seats through the test platform, then it retires
    await t.platform.close();
    supervisor = await onB.connect(scene.supervisor.token, '/evaluation');
    await snapshotOf(supervisor, room.evaluationId);
  });

  after(async () => {
    onA?.closeAll();
    onB?.closeAll();
    for (const node of nodes) await node.stop();
    await t?.close();
  });

  it('a supervisor on node B sees each step the members take on node A, as it happens', async () => {
    const seen: number[] = [];
    supervisor.on('evaluation:log', (entry: EvaluationLogEntry) => seen.push(entry.seq));
    await room.toScoring();
    const snapshot = await room.snapshot(room.leader);
    assert.equal(snapshot.step, 'scoring');
    admitted = snapshot.bids.filter((b) => b.rejection === null).map((b) => b.bidId);
    const pushed = nextEvent<EvaluationLogEntry>(supervisor, 'evaluation:log');
    const ack = ok(await sheet(room.seats[1]!, admitted[0]!), 'sheet');
    const entry = await pushed;
    assert.equal(entry.seq, ack.seq);
    assert.equal(entry.actor?.userId, room.seats[1]!.user.userId, 'supervisors learn who');
    // Every step before it reached node B too, in order, none twice.
    assert.deepEqual(
      seen,
      [...seen].sort((x, y) => x - y),
    );
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(seen.at(-1), ack.seq);
    assert.equal(seen.length, ack.seq - (seen[0]! - 1));
  });

  it('a member who drops from node A and comes back on node B loses nothing', async () => {
    const dropping = room.seats[2]!;
    ok(await sheet(dropping, admitted[0]!), 'its first sheet');
    const lastSeq = (await room.snapshot(dropping)).seq;
    dropping.socket.close();
    const during: number[] = [];
    for (const seat of [room.seats[0]!, room.seats[3]!])
      during.push(ok(await sheet(seat, admitted[0]!), 'sheet').seq);

    dropping.socket = await onB.connect(dropping.user.token, '/evaluation');
    const back = await room.snapshot(dropping, lastSeq);
    assert.deepEqual(
      back.mySheets.filter((s) => s.kind === 'score').map((s) => s.bidId),
      [admitted[0]!],
      'its own sheet, acknowledged on node A',
    );
    assert.deepEqual(
      back.log.map((e) => e.seq),
      during,
      'exactly what happened on node A while it was away',
    );
    assert.equal(back.truncated, false);
    // And it goes on from node B: the members still on node A hear of its next sheet.
    const toA = nextEvent<EvaluationLogEntry>(room.seats[0]!.socket, 'evaluation:log');
    const ack = ok(await sheet(dropping, admitted[1]!), 'a sheet through node B');
    assert.equal((await toA).seq, ack.seq);
  });
});
