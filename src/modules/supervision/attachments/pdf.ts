import type { FileMetadata } from '../screens/index.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/**
 * Loaded on first use (most platforms screen few PDFs, and the library is large), with its worker code in
 * this thread: pdf.js looks for `globalThis.pdfjsWorker` before it loads a worker file of its own, so the
 * parse timeout below measures the parse, not the loading.
 */
function library(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const [lib, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      // @ts-expect-error the worker module ships without types
      import('pdfjs-dist/legacy/build/pdf.worker.mjs') as Promise<unknown>,
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return lib;
  })();
  return pdfjs;
}

const stringOf = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * A PDF's Info dictionary Author (its XMP dc:creator when the Info has none). Only the document's trailer and
 * metadata are read: no page is parsed or rendered, no font loaded, no script evaluated.
 */
export async function pdfMetadata(bytes: Uint8Array, timeoutMs: number): Promise<FileMetadata> {
  const { getDocument } = await library();
  const task = getDocument({
    data: new Uint8Array(bytes), // a copy, not a Buffer: pdf.js takes the buffer over and refuses Buffers
    useWorkerFetch: false,
    isEvalSupported: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the PDF took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const read = task.promise.then(async (doc) => {
      const { info, metadata } = await doc.getMetadata();
      const author = stringOf((info as Record<string, unknown>).Author);
      const xmpAuthor = metadata?.get('dc:creator');
      return { author: author || (Array.isArray(xmpAuthor) ? stringOf(xmpAuthor[0]) : stringOf(xmpAuthor)) };
    });
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
    await task.destroy();
  }
}
