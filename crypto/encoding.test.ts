import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fromBase64, fromHex, sha256Hex, toBase64, toHex, utf8 } from './encoding.js';

describe('encoding', () => {
  const bytes = new Uint8Array([0, 1, 127, 128, 254, 255]);

  it('round-trips hex and base64 and matches Node Buffer', () => {
    assert.equal(toHex(bytes), '00017f80feff');
    assert.deepEqual(fromHex('00017F80FEFF'), bytes);
    assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
    assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  });

  it('base64-encodes inputs larger than one chunk', () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    assert.equal(toBase64(big), Buffer.from(big).toString('base64'));
  });

  it('rejects odd-length or non-hex input and bad base64', () => {
    assert.throws(() => fromHex('abc'), /hex/);
    assert.throws(() => fromHex('zz'), /hex/);
    assert.throws(() => fromBase64('@@@'), /base64/);
  });

  it('hashes strings as UTF-8, like Node', async () => {
    const text = '阳光 bid 1';
    assert.deepEqual(utf8(text), new Uint8Array(Buffer.from(text, 'utf8')));
    assert.equal(await sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
    assert.equal(await sha256Hex(bytes), createHash('sha256').update(bytes).digest('hex'));
  });
});
