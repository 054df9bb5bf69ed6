import { inflateSync } from 'node:zlib';

/**
 * WOFF 1.0 (W3C Recommendation, 2012) to the plain OpenType (SFNT) font it wraps. A WOFF file is an SFNT
 * whose tables are each zlib-compressed; PDFKit's font reader inflates them with a pure-JavaScript inflater
 * on every document, which for the 1.5 MB CJK font costs seconds. Inflating once here with Node's zlib takes
 * milliseconds, and the result is what PDFKit would have rebuilt anyway.
 *
 * Layout (all big-endian): a 44-byte WOFF header (signature "wOFF", the SFNT flavour, numTables at 12), then
 * one 20-byte directory entry per table (tag, offset, compLength, origLength, origChecksum); a table is
 * stored as is when compLength equals origLength. The SFNT is a 12-byte offset table, 16-byte table records
 * (tag, checksum, offset, length) and each table padded to 4 bytes.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);

  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('WOFF table length does not match its directory');
    return { tag, checksum, data };
  });

  // The binary-search fields of the offset table: the largest power of two not above numTables.
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerBytes = 12 + numTables * 16;
  const padded = (n: number) => (n + 3) & ~3;
  const total = tables.reduce((sum, t) => sum + padded(t.data.length), headerBytes);

  const sfnt = Buffer.alloc(total); // zero-filled, so the padding is zeros as the format wants
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(searchRange, 6);
  sfnt.writeUInt16BE(entrySelector, 8);
  sfnt.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerBytes;
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    sfnt.writeUInt32BE(t.tag, record);
    sfnt.writeUInt32BE(t.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(t.data.length, record + 12);
    t.data.copy(sfnt, offset);
    offset += padded(t.data.length);
  });
  return sfnt;
}
