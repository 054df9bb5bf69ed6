import assert from 'node:assert/strict';
import { declaration, evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { Committee, ok, snapshotOf } from './helpers/evaluation-room.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

/**
 * Joining the room reads the evaluation, then puts the socket in its audience's room. A step committed between
 * the two is pushed to the room before the socket is in it: the join must answer it, or the page would show
 * the room as it was until some later step.
 */
describe('evaluation:join and a step committed while it joins', function () {
  this.timeout(180_000);
  let server: TestServer;
  let scene: EvaluationScene;
  let clients: SocketClients;
  let room: Committee;

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    scene = await evaluationScene(server.testPlatform, { bidders: 3 });
    clients = new SocketClients(server.baseUrl);
    room = await Committee.open(scene, clients);
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  it('answers the joining supervisor with the step a member took in between', async () => {
    const service = server.testPlatform.platform.evaluation.service;
    const names = (await room.snapshot(room.leader)).bids.map((b) => b.bidderName);
    const seat = room.seats[1]!;
    const read = service.join.bind(service);
    let stepTaken = false;
    // The next join's read is answered only after a member's declaration has been committed and pushed.
    service.join = async (...args) => {
      service.join = read;
      const snapshot = await read(...args);
      ok(
        await room.signed(seat, 'evaluation:declare', declaration(room.evaluationId, seat.memberId, names)),
        'declare',
      );
      stepTaken = true;
      return snapshot;
    };
    try {
      const supervisor = await clients.connect(scene.supervisor.token, '/evaluation');
      const joined = await snapshotOf(supervisor, room.evaluationId);
      assert.ok(stepTaken, 'the declaration was taken during the join');
      const now = await service.lastSeq(room.evaluationId);
      assert.equal(joined.seq, now, 'the join answers the evaluation as it stands once the socket is in');
      assert.ok(
        joined.log.some((e) => e.seq === now && e.kind === 'declared'),
        `the declaration is in the log it answers: ${joined.log.map((e) => e.kind).join(', ')}`,
      );
    } finally {
      service.join = read;
    }
  });
});
