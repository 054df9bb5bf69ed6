import assert from 'node:assert/strict';
import request from 'supertest';
import { verifyPss, canonicalJson } from '../crypto/index.js';
import { bearer } from './helpers/api.js';
import { evaluationScene, sign, smallPdf } from './helpers/evaluation.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe('the evaluation scene (test helper): opened bids, an announced committee with keys', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  before(async () => {
    t = await createTestPlatform();
  });
  after(() => t.close());

  it('opens the bids, announces five confirmed experts, each with a certificate of their own key', async () => {
    const started = Date.now();
    const scene = await evaluationScene(t);
    const took = Date.now() - started;
    assert.equal((await t.platform.tenders.find(scene.tender.id))!.status, 'evaluating');
    const opening = await request(t.app).get(`/api/v1/tenders/${scene.tender.id}/opening/record`).expect(200);
    const opened = opening.body.records[0].record.bids as { bidId: string; outcome: string }[];
    assert.deepEqual(opened.map((b) => b.bidId).sort(), scene.bids.map((b) => b.bidId).sort());
    assert.ok(opened.every((b) => b.outcome === 'opened'));
    const draw = await request(t.app).get(`/api/v1/expert-draws/${scene.drawId}`).expect(200);
    assert.equal(draw.body.status, 'announced');
    assert.equal(scene.experts.length, 5);
    assert.equal(new Set(scene.experts.map((e) => e.keys.serial)).size, 5);
    const payload = { type: 'x', b: 1, a: [2] };
    const signed = await sign(scene.experts[0]!, payload);
    assert.equal(
      await verifyPss(scene.experts[0]!.keys.certPem, canonicalJson(payload), signed.signature),
      true,
    );
    assert.equal(
      await verifyPss(scene.experts[1]!.keys.certPem, canonicalJson(payload), signed.signature),
      false,
    );
    const certs = await request(t.app).get('/api/v1/certificates').set(bearer(scene.experts[0]!.token));
    assert.equal(certs.status, 200, JSON.stringify(certs.body));
    assert.ok(Buffer.from(smallPdf('x')).toString('latin1').startsWith('%PDF-1.4'));
    console.log(`      scene built in ${took} ms`);

    // A second scene on the same platform draws only its own experts.
    const again = Date.now();
    const second = await evaluationScene(t, { bidders: 3 });
    console.log(`      second scene built in ${Date.now() - again} ms`);
    assert.equal(second.experts.length, 5);
    assert.ok(second.experts.every((e) => !scene.experts.some((f) => f.userId === e.userId)));
  });
});
