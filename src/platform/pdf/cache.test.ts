import assert from 'node:assert/strict';
import { PdfCache } from './cache.js';

const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill);

describe('the PDF cache', () => {
  it('renders a document once for the same data and again when the data changes', async () => {
    const cache = new PdfCache();
    let renders = 0;
    const render = () => Promise.resolve(bytes(10, ++renders));
    const a = await cache.get({ report: 'r1', signed: 1 }, render);
    const again = await cache.get({ report: 'r1', signed: 1 }, render);
    const changed = await cache.get({ report: 'r1', signed: 2 }, render);
    assert.equal(renders, 2);
    assert.ok(a.equals(again));
    assert.ok(!a.equals(changed));
  });

  it('shares one rendering between concurrent requests', async () => {
    const cache = new PdfCache();
    let renders = 0;
    let finish!: (b: Buffer) => void;
    const render = () => {
      renders++;
      return new Promise<Buffer>((resolve) => (finish = resolve));
    };
    const first = cache.get('letter', render);
    const second = cache.get('letter', render);
    finish(bytes(4));
    assert.deepEqual(await Promise.all([first, second]), [bytes(4), bytes(4)]);
    assert.equal(renders, 1);
  });

  it('does not keep a failure: the next request renders again', async () => {
    const cache = new PdfCache();
    await assert.rejects(
      cache.get('x', () => Promise.reject(new Error('font missing'))),
      /font missing/,
    );
    assert.deepEqual(await cache.get('x', () => Promise.resolve(bytes(3))), bytes(3));
  });

  it('stays within its byte budget, dropping the least recently used first', async () => {
    const cache = new PdfCache(25);
    const keep = (key: string) => cache.get(key, () => Promise.resolve(bytes(10)));
    await keep('a');
    await keep('b');
    await keep('a'); // a is now the most recently used
    await keep('c'); // 30 bytes > 25: b goes
    assert.deepEqual(cache.size, { documents: 2, bytes: 20 });
    let rendered = false;
    await cache.get('b', () => ((rendered = true), Promise.resolve(bytes(10))));
    assert.ok(rendered, 'b was dropped');
    rendered = false;
    await cache.get('c', () => ((rendered = true), Promise.resolve(bytes(10))));
    assert.ok(!rendered, 'c was kept');
  });
});
