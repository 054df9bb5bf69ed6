import assert from 'node:assert/strict';
import { pdfText, renderPdf } from './index.js';

describe('platform PDFs with Chinese text', () => {
  it('prints Chinese, Latin and digits that read back as written, with only the used glyphs embedded', async () => {
    const line = '评标报告 第一中标候选人：广西某建设有限公司，投标报价 1,234,567.89 元（Report）';
    const pdf = await renderPdf({ Title: '评标报告' }, new Date('2026-12-05T02:00:00Z'), (doc) => {
      doc.fontSize(12).text(line);
    });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length < 100_000, `${pdf.length} bytes`); // a subset, not the 1.5 MB font
    const [page] = await pdfText(pdf);
    assert.equal(page!.replace(/\s+/g, ''), line.replace(/\s+/g, ''));
  });

  it('gives the same bytes for the same data and date', async () => {
    const make = () =>
      renderPdf({ Title: 'x' }, new Date('2026-12-05T02:00:00Z'), (doc) => doc.text('中标通知书'));
    const [a, b] = await Promise.all([make(), make()]);
    assert.ok(a.equals(b));
  });

  it('rejects when drawing throws, instead of producing a half document', async () => {
    const failing = renderPdf({ Title: 'x' }, new Date(), () => {
      throw new Error('no data');
    });
    await assert.rejects(failing, /no data/);
  });
});
