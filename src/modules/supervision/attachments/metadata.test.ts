import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import { sealedBid } from '../../../../crypto/index.js';
import { readAttachments } from './extract.js';
import { DEFAULT_ATTACHMENT_LIMITS as LIMITS } from './limits.js';
import { readMetadata } from './metadata.js';
import { DOCX_TYPE, sampleDocx, samplePdf } from './samples.js';

const pdf = { name: '投标文件.pdf', mediaType: 'application/pdf' };
const docx = { name: '商务标.docx', mediaType: DOCX_TYPE };

describe('supervision attachments: metadata read after the opening, never crashing on a bad file', function () {
  this.timeout(20_000);

  it('reads a PDF’s Author (Chinese too)', async () => {
    const read = await readMetadata(samplePdf({ Author: '张伟', Creator: 'WPS 文字' }), pdf, LIMITS);
    assert.deepEqual(read, { metadata: { author: '张伟' } });
  });

  it('reads a DOCX’s author, last editor and company', async () => {
    const bytes = sampleDocx({
      author: '李娜',
      lastModifiedBy: 'Zhang Wei',
      company: '南宁某某咨询有限公司',
    });
    const read = await readMetadata(bytes, docx, LIMITS);
    assert.deepEqual(read, {
      metadata: { author: '李娜', lastModifiedBy: 'Zhang Wei', company: '南宁某某咨询有限公司' },
    });
  });

  it('leaves out empty values and files of other kinds', async () => {
    assert.deepEqual(await readMetadata(sampleDocx({ author: ' ', company: '' }), docx, LIMITS), {
      metadata: {},
    });
    assert.deepEqual(
      await readMetadata(strToU8('just text'), { name: 'a.txt', mediaType: 'text/plain' }, LIMITS),
      {
        metadata: {},
      },
    );
    // A zip that is not named or typed as an office file is not opened.
    const zip = sampleDocx({ author: '李娜' });
    assert.deepEqual(await readMetadata(zip, { name: 'a.zip', mediaType: 'application/zip' }, LIMITS), {
      metadata: {},
    });
  });

  it('goes by the bytes, not the name: a PDF named .docx is read as a PDF', async () => {
    const read = await readMetadata(samplePdf({ Author: '王芳' }), docx, LIMITS);
    assert.deepEqual(read.metadata, { author: '王芳' });
  });

  const broken: [string, Uint8Array, { name: string; mediaType: string }][] = [
    ['a PDF header over garbage', strToU8('%PDF-1.7\n garbage \x00\x01'), pdf],
    ['a truncated PDF', samplePdf({ Author: '张伟' }).subarray(0, 60), pdf],
    ['a truncated DOCX', sampleDocx({ author: '李娜' }).subarray(0, 100), docx],
    [
      'a zip whose core properties are not XML',
      zipSync({ 'docProps/core.xml': strToU8('<<<not xml') }),
      docx,
    ],
  ];
  for (const [name, bytes, attachment] of broken) {
    it(`${name}: no metadata, a problem said, nothing thrown`, async () => {
      const read = await readMetadata(bytes, attachment, LIMITS);
      assert.deepEqual(read.metadata, {});
      assert.match(read.problem ?? '', /^(pdf|ooxml): ./);
    });
  }

  it('skips a property part that inflates beyond its bound (a zip bomb)', async () => {
    const huge = `<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>${'A'.repeat(300_000)}</dc:creator></cp:coreProperties>`;
    const bomb = zipSync({ 'docProps/core.xml': strToU8(huge) });
    const read = await readMetadata(bomb, docx, LIMITS);
    assert.deepEqual(read, { metadata: {} });
  });

  it('cuts a value to its bound', async () => {
    const read = await readMetadata(sampleDocx({ company: '公司'.repeat(500) }), docx, LIMITS);
    assert.equal(read.metadata.company?.length, LIMITS.maxValueChars);
  });

  it('hashes every attachment of a streamed package and reads the metadata of those small enough', async () => {
    const files = [
      { name: 'a.pdf', mediaType: 'application/pdf', bytes: samplePdf({ Author: '张伟' }) },
      { name: 'empty.txt', mediaType: 'text/plain', bytes: new Uint8Array(0) },
      { name: 'b.docx', mediaType: DOCX_TYPE, bytes: sampleDocx({ company: '某某公司' }) },
      {
        name: 'big.pdf',
        mediaType: 'application/pdf',
        bytes: samplePdf({ Author: '李娜' }, 'x'.repeat(5000)),
      },
    ];
    const manifest = {
      form: { price: 100 },
      attachments: files.map((f) => ({ name: f.name, size: f.bytes.length, mediaType: f.mediaType })),
    };
    async function* one(b: Uint8Array) {
      yield b;
    }
    // Pieces of 7 bytes: attachments straddle every chunk boundary.
    const whole = Buffer.concat(
      await collect(
        sealedBid.bidPackage(
          manifest,
          files.map((f) => one(f.bytes)),
        ),
      ),
    );
    const pieces = Array.from({ length: Math.ceil(whole.length / 7) }, (_, i) =>
      whole.subarray(i * 7, i * 7 + 7),
    );
    const limits = { ...LIMITS, maxMetadataBytes: 4000 };
    const read = await readAttachments(Readable.from(pieces), manifest.attachments, limits);
    assert.deepEqual(read.problems, []);
    const sha = (b: Uint8Array) => createHashHex(b);
    assert.deepEqual(
      read.files.map((f) => [f.index, f.name, f.size, f.sha256, f.metadata]),
      [
        [0, 'a.pdf', files[0]!.bytes.length, sha(files[0]!.bytes), { author: '张伟' }],
        [1, 'empty.txt', 0, sha(new Uint8Array(0)), {}],
        [2, 'b.docx', files[2]!.bytes.length, sha(files[2]!.bytes), { company: '某某公司' }],
        [3, 'big.pdf', files[3]!.bytes.length, sha(files[3]!.bytes), {}],
      ],
    );
  });

  it('refuses a package that ends inside an attachment', async () => {
    const bytes = samplePdf({ Author: '张伟' });
    const manifest = {
      form: {},
      attachments: [{ name: 'a.pdf', size: bytes.length, mediaType: 'application/pdf' }],
    };
    async function* one(b: Uint8Array) {
      yield b;
    }
    const whole = Buffer.concat(await collect(sealedBid.bidPackage(manifest, [one(bytes)])));
    await assert.rejects(
      readAttachments(Readable.from([whole.subarray(0, whole.length - 10)]), manifest.attachments, LIMITS),
    );
  });
});

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of source) out.push(piece);
  return out;
}
const createHashHex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
