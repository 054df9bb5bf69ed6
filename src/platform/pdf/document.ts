import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { woffToSfnt } from './woff.js';

/**
 * PDFs with Chinese text, made on the server (评标报告, 中标通知书 ...). The font is Noto Sans SC from the
 * @fontsource/noto-sans-sc package (SIL Open Font License 1.1, its LICENSE file ships beside the fonts): its
 * "chinese-simplified" files hold the GB 2312 characters, Latin letters, digits and full-width punctuation, so
 * one font prints a whole notice. PDFKit embeds only the glyphs a document uses (a one-page notice is a few
 * kilobytes, not the 1.5 MB font).
 */
const require = createRequire(import.meta.url);
const fontFile = (weight: 400 | 700) =>
  require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-${weight}-normal.woff`);

/**
 * Each weight read and inflated once per process (see woff.ts: PDFKit would inflate the WOFF again for every
 * document, seconds each). About 3 MB per weight stays in memory; PDFKit only reads from the buffer.
 */
const fonts = new Map<400 | 700, Buffer>();
function font(weight: 400 | 700): Buffer {
  let sfnt = fonts.get(weight);
  if (!sfnt) {
    sfnt = woffToSfnt(readFileSync(fontFile(weight)));
    fonts.set(weight, sfnt);
  }
  return sfnt;
}

/** The registered font names: body text and headings. */
export const FONT = { regular: 'cjk', bold: 'cjk-bold' } as const;

export type PdfDoc = PDFKit.PDFDocument;

export interface PdfInfo {
  Title: string;
  /** Who issued it: the platform, an agency. */
  Author?: string;
  Subject?: string;
}

/**
 * Renders a document to bytes. `draw` writes the pages with `doc` (A4, 56 pt margins, the regular CJK font
 * selected). `creationDate` is the document's own date: pass the business date (the report's, the notice's), so
 * the same data gives the same text, and tests with a fixed clock get stable files.
 */
export function renderPdf(info: PdfInfo, creationDate: Date, draw: (doc: PdfDoc) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { ...info, Creator: 'Yangguang', Producer: 'Yangguang', CreationDate: creationDate },
    bufferPages: true,
  });
  doc.registerFont(FONT.regular, font(400));
  doc.registerFont(FONT.bold, font(700));
  doc.font(FONT.regular);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc);
  } catch (err) {
    doc.end();
    return done.then(() => Promise.reject(err as Error));
  }
  doc.end();
  return done;
}
