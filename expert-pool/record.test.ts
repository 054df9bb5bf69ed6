import { strict as assert } from 'node:assert';
import { defaultCatalog as catalog } from './catalog/default.js';
import { replaceMember, revealSecret, seatedMembers, startDraw } from './record.js';
import { commitment } from './seed.js';
import { drawRequest, fixedSecret, recordFixture } from './testing.js';
import type { DrawRecord } from './types.js';
import { verifyDraw, verifyDrawJson } from './verify.js';

const { secret, pool, request } = recordFixture;
const revealedRecord = recordFixture.revealed;

const mutate = (fn: (r: DrawRecord) => void) => {
  const r = structuredClone(revealedRecord());
  fn(r);
  return verifyDraw(r, catalog);
};

describe('draw record and verifyDraw', () => {
  it('records the commitment, keeps the secret out until revealed, and verifies after', () => {
    const sealed = startDraw({ request, secret, entropy: '', pool, catalog });
    assert.equal(sealed.secret, null);
    assert.equal(sealed.commitment, commitment(secret));
    assert.ok(!JSON.stringify(sealed).includes(secret));
    assert.deepEqual(verifyDraw(sealed).problems, ['the secret has not been revealed yet']);
    assert.deepEqual(verifyDraw(revealSecret(sealed, secret)), { ok: true, problems: [] });
    assert.throws(() => revealSecret(sealed, fixedSecret(0x5b)), /does not match the commitment/);
  });

  it('only snapshots what the draw reads, for experts that could fill a seat', () => {
    const record = startDraw({ request, secret, entropy: '', pool, catalog });
    const snapshot = record.steps[0]!.eligible;
    assert.equal(snapshot.length, 40);
    assert.deepEqual(Object.keys(snapshot[0]!).sort(), ['id', 'regionCode', 'specialties']);
    const onlyA08 = startDraw({ request: drawRequest(), secret, entropy: '', pool, catalog });
    assert.equal(onlyA08.steps[0]!.eligible.length, 20);
  });

  it('verifies a redraw chain and keeps the committee seated in order', () => {
    const record = revealedRecord();
    assert.deepEqual(verifyDraw(record), { ok: true, problems: [] });
    assert.equal(record.steps.length, 3);
    const seated = seatedMembers(record);
    assert.equal(seated.length, 5);
    assert.equal(seated[0]!.expertId, record.steps[2]!.selected[0]!.expertId);
    const declined = [record.steps[0]!.selected[0]!.expertId, record.steps[1]!.selected[0]!.expertId];
    assert.ok(declined.every((id) => !seated.some((m) => m.expertId === id)));
    assert.equal(new Set(record.steps.flatMap((s) => s.selected.map((m) => m.expertId))).size, 7);
  });

  it('survives a JSON round trip', () => {
    assert.deepEqual(verifyDrawJson(JSON.stringify(revealedRecord())), { ok: true, problems: [] });
  });

  it('detects a changed secret', () => {
    const v = mutate((r) => (r.secret = fixedSecret(0x5b)));
    assert.ok(!v.ok);
    assert.ok(v.problems.includes('the secret does not match the commitment'));
  });

  it('detects changed entropy', () => {
    const v = mutate((r) => (r.entropy = 'c0ffef'));
    assert.ok(!v.ok);
    assert.match(v.problems.join('\n'), /initial draw: the record says/);
  });

  it('detects a changed initial selection and a changed redraw selection', () => {
    assert.match(
      mutate((r) => (r.steps[0]!.selected[1]!.expertId = 'E0039')).problems.join('\n'),
      /initial draw: the record says \[.*E0039/,
    );
    assert.match(
      mutate((r) => (r.steps[2]!.selected[0]!.expertId = 'E0039')).problems.join('\n'),
      /redraw 2: the record says \[E0039/,
    );
  });

  it('detects a changed eligible list', () => {
    assert.ok(!mutate((r) => r.steps[0]!.eligible.splice(0, 1)).ok, 'an expert dropped');
    assert.ok(
      !mutate((r) => (r.steps[1]!.eligible = r.steps[1]!.eligible.slice(2))).ok,
      'redraw snapshot cut',
    );
    const moved = mutate((r) => {
      for (const e of r.steps[0]!.eligible) e.regionCode = '450103';
    });
    assert.ok(!moved.ok, 'everyone made local');
  });

  it('detects a changed request, a forged commitment and a broken chain', () => {
    assert.ok(
      mutate((r) => (r.request.place = 'elsewhere')).problems.includes(
        'requestDigest does not match the request',
      ),
    );
    assert.ok(!mutate((r) => (r.commitment = '00'.repeat(32))).ok);
    assert.match(
      mutate((r) => (r.steps[2]!.replaces = 'E9999')).problems.join('\n'),
      /redraw 2: E9999 was not a seated member/,
    );
    assert.match(mutate((r) => r.steps.splice(1, 1)).problems.join('\n'), /redraw 1/);
  });

  it('refuses a replacement with the wrong secret or for someone not seated', () => {
    const record = startDraw({ request, secret, entropy: '', pool, catalog });
    const seated = record.steps[0]!.selected[0]!.expertId;
    assert.throws(
      () => replaceMember(record, { secret: fixedSecret(1), replaces: seated, pool, catalog }),
      /commitment/,
    );
    assert.throws(
      () => replaceMember(record, { secret, replaces: 'E9999', pool, catalog }),
      /not a seated member/,
    );
  });

  it('reports unreadable input without throwing', () => {
    assert.match(verifyDrawJson('{').problems[0]!, /not JSON/);
    assert.deepEqual(verifyDrawJson('[]').problems, ['a draw record must be a JSON object']);
    assert.ok(!verifyDrawJson('{"version":1,"request":{"slots":[]},"steps":[]}').ok);
  });
});
