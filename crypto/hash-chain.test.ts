import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './encoding.js';
import { chainHash, GENESIS_HASH, verifyChain, type ChainEntry } from './hash-chain.js';

async function buildChain(count: number): Promise<ChainEntry[]> {
  const entries: ChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const body = { seq, at: `2025-03-01T08:0${seq}:00.000Z`, actor: 'agency-1', action: 'tender.publish' };
    const hash = await chainHash(prevHash, body);
    entries.push({ seq, prevHash, hash, body });
    prevHash = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('hashes prevHash, a newline and the canonical entry', async () => {
    const body = { b: 2, a: 1 };
    assert.equal(
      await chainHash(GENESIS_HASH, body),
      await sha256Hex(`${'0'.repeat(64)}\n${canonicalJson(body)}`),
    );
  });

  it('accepts an intact chain and an empty one', async () => {
    assert.deepEqual(await verifyChain(await buildChain(5)), { ok: true, count: 5 });
    assert.deepEqual(await verifyChain([]), { ok: true, count: 0 });
  });

  it('names the entry whose body was changed', async () => {
    const entries = await buildChain(5);
    entries[2]!.body = { ...entries[2]!.body, actor: 'someone-else' };
    assert.deepEqual(await verifyChain(entries), { ok: false, brokenSeq: 3, reason: 'hash-mismatch' });
  });

  it('names the entry whose prevHash was changed', async () => {
    const entries = await buildChain(5);
    entries[3]!.prevHash = 'f'.repeat(64);
    assert.deepEqual(await verifyChain(entries), { ok: false, brokenSeq: 4, reason: 'prev-hash-mismatch' });
  });

  it('catches an entry re-hashed after tampering at the next entry', async () => {
    const entries = await buildChain(5);
    const forged = { ...entries[1]!.body, action: 'tender.cancel' };
    entries[1] = { ...entries[1]!, body: forged, hash: await chainHash(entries[1]!.prevHash, forged) };
    assert.deepEqual(await verifyChain(entries), { ok: false, brokenSeq: 3, reason: 'prev-hash-mismatch' });
  });

  it('reports a deleted entry as a seq gap', async () => {
    const entries = await buildChain(5);
    entries.splice(2, 1);
    assert.deepEqual(await verifyChain(entries), { ok: false, brokenSeq: 4, reason: 'seq-gap' });
  });

  it('reports only the first of several breaks', async () => {
    const entries = await buildChain(5);
    entries[1]!.hash = '1'.repeat(64);
    entries[4]!.body = {};
    const verdict = await verifyChain(entries);
    assert.equal(verdict.ok, false);
    assert.equal(!verdict.ok && verdict.brokenSeq, 2);
  });

  it('continues a chain from a checkpoint hash', async () => {
    const entries = await buildChain(5);
    assert.deepEqual(await verifyChain(entries.slice(2), entries[1]!.hash), { ok: true, count: 3 });
    assert.equal((await verifyChain(entries.slice(2))).ok, false);
  });
});
