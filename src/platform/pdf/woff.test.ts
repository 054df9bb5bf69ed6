import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { woffToSfnt } from './woff.js';

const require = createRequire(import.meta.url);
const woff = readFileSync(
  require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff'),
);

/** The OpenType table checksum: the sum of the table's big-endian 32-bit words, zero-padded, modulo 2^32. */
function checksum(table: Buffer, tag: string): number {
  const words = Buffer.alloc((table.length + 3) & ~3);
  table.copy(words);
  if (tag === 'head') words.writeUInt32BE(0, 8); // checkSumAdjustment is left out of head's own checksum
  let sum = 0;
  for (let at = 0; at < words.length; at += 4) sum = (sum + words.readUInt32BE(at)) >>> 0;
  return sum;
}

describe('WOFF to OpenType', () => {
  it('inflates every table of the CJK font to the bytes its recorded checksum was taken over', () => {
    const sfnt = woffToSfnt(woff);
    const numTables = sfnt.readUInt16BE(4);
    assert.equal(numTables, woff.readUInt16BE(12));
    assert.equal(sfnt.readUInt32BE(0), woff.readUInt32BE(4)); // the flavour: CFF ('OTTO') or TrueType
    assert.equal(sfnt.length, woff.readUInt32BE(16)); // totalSfntSize, as the WOFF header announces it
    const tags: string[] = [];
    for (let i = 0; i < numTables; i++) {
      const record = 12 + i * 16;
      const tag = sfnt.subarray(record, record + 4).toString('latin1');
      const offset = sfnt.readUInt32BE(record + 8);
      const table = sfnt.subarray(offset, offset + sfnt.readUInt32BE(record + 12));
      assert.equal(offset % 4, 0, `${tag} is not 4-byte aligned`);
      assert.equal(checksum(table, tag), sfnt.readUInt32BE(record + 4), `${tag} does not match its checksum`);
      tags.push(tag);
    }
    assert.ok(
      ['cmap', 'head', 'hmtx'].every((t) => tags.includes(t)),
      tags.join(' '),
    );
  });

  it('refuses what is not a WOFF 1.0 font, and a table that inflates to another length', () => {
    assert.throws(() => woffToSfnt(Buffer.from('wOF2 is another format')), /not a WOFF 1.0 font/);
    const bad = Buffer.from(woff);
    bad.writeUInt32BE(bad.readUInt32BE(44 + 12) + 1, 44 + 12); // the first table's origLength, one more
    assert.throws(() => woffToSfnt(bad), /length/);
  });
});
