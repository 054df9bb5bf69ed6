import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer } from './helpers/api.js';
import {
  call,
  declaration,
  evaluationOf,
  evaluationScene,
  memberOf,
  signedInput,
  type EvaluationScene,
} from './helpers/evaluation.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

/**
 * The evaluation under a supervisory hold: every step goes through the evaluation's one write path
 * (`EvaluationLog.step`), so one check there refuses them all. Shown with the first step a member takes,
 * the signed declaration: refused with the instruction's code while held, nothing logged; taken once resumed.
 */
describe('a supervisory hold stops the evaluation room', function () {
  this.timeout(180_000);
  let server: TestServer;
  let scene: EvaluationScene;
  let sockets: SocketClients;

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    scene = await evaluationScene(server.testPlatform, { bidders: 3 });
    sockets = new SocketClients(server.baseUrl);
  });
  after(async () => {
    sockets?.closeAll();
    await server?.stop();
  });

  const instruct = (kind: 'suspension' | 'resumption', reason: string) =>
    request(server.testPlatform.app)
      .post(`/api/v1/supervision/tenders/${scene.tender.id}/${kind}`)
      .set(bearer(scene.supervisor.token))
      .send({ reason })
      .expect(200);

  it('refuses a member’s declaration with 409 TENDER_SUSPENDED while held, and takes it once resumed', async () => {
    const t = server.testPlatform;
    const evaluationId = (await evaluationOf(t, scene.tender.id)).id;
    const expert = scene.experts[0]!;
    const memberId = (await memberOf(t, evaluationId, expert.userId)).id;
    const socket = await sockets.connect(expert.token, '/evaluation');
    const joined = await call(socket, 'evaluation:join', { evaluationId });
    assert.ok(joined.ok, JSON.stringify(joined));
    const names = scene.bids.map((b) => b.bidder.name);
    const logged = () => t.platform.models.EvaluationLogEntry.count({ where: { evaluationId } });

    const held = await instruct('suspension', '接到投诉，评标专家资格存疑，暂停评标待核查');
    const before = await logged();
    const refused = await call(
      socket,
      'evaluation:declare',
      await signedInput(expert, declaration(evaluationId, memberId, names)),
    );
    assert.equal(refused.ok, false, JSON.stringify(refused));
    if (!refused.ok) {
      assert.equal(refused.error.code, 'TENDER_SUSPENDED');
      assert.deepEqual((refused.error as { details?: unknown }).details, {
        instruction: held.body.hold.instructionCode,
        reason: '接到投诉，评标专家资格存疑，暂停评标待核查',
      });
    }
    assert.equal(await logged(), before, 'nothing logged');
    // Reading the room stays open while held.
    assert.ok((await call(socket, 'evaluation:join', { evaluationId })).ok);

    await instruct('resumption', '经核查，专家资格无问题，恢复评标');
    const taken = await call(
      socket,
      'evaluation:declare',
      await signedInput(expert, declaration(evaluationId, memberId, names)),
    );
    assert.ok(taken.ok, JSON.stringify(taken));
    assert.equal(await logged(), before + 1);
  });
});
