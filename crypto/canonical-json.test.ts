import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts object keys, at every depth, and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    assert.equal(canonicalJson(value), '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    assert.equal(canonicalJson({ seq: 1, actor: 'u1' }), canonicalJson({ actor: 'u1', seq: 1 }));
  });

  it('orders keys by UTF-16 code units, not by locale', () => {
    // "Z" (0x5a) < "a" (0x61) < "é" (0xe9) < "中" (0x4e2d)
    assert.equal(canonicalJson({ 中: 4, é: 3, a: 2, Z: 1 }), '{"Z":1,"a":2,"é":3,"中":4}');
  });

  it('keeps array order, drops undefined members, writes undefined array items as null', () => {
    assert.equal(canonicalJson({ list: [2, 1, undefined], gone: undefined }), '{"list":[2,1,null]}');
  });

  it('writes Dates as ISO strings, as they read back from the database', () => {
    const at = new Date('2025-03-01T08:30:00.000Z');
    assert.equal(canonicalJson({ at }), canonicalJson({ at: '2025-03-01T08:30:00.000Z' }));
  });

  it('escapes strings as JSON does', () => {
    assert.equal(canonicalJson('a"b\n'), '"a\\"b\\n"');
  });

  for (const [label, bad] of [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a bigint', 10n],
    ['a function', () => 1],
    ['a Map', new Map()],
    ['an invalid Date', new Date('nope')],
  ] as const) {
    it(`rejects ${label}`, () => {
      assert.throws(() => canonicalJson({ nested: [bad] }), TypeError);
    });
  }

  it('rejects a circular structure instead of overflowing the stack', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => canonicalJson(loop), /circular/);
  });

  it('accepts the same object twice when it is not circular', () => {
    const shared = { k: 1 };
    assert.equal(canonicalJson([shared, shared]), '[{"k":1},{"k":1}]');
  });
});
