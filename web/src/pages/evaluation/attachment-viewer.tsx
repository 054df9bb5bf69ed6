import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes } from '../../format.js';
import { t } from '../../i18n/index.js';
import { evaluationApi } from './api.js';
import { ErrorNote } from './common.js';
import type { EvaluationBidView } from './types.js';

type Attachment = EvaluationBidView['attachments'][number];

/** Pages beyond this are left for the download: a 500-page PDF would freeze a phone. */
const MAX_PAGES = 30;

function isPdf(a: Attachment): boolean {
  return a.mediaType === 'application/pdf' || a.name.toLowerCase().endsWith('.pdf');
}

/** Saves a file read with the session's header (a plain link could not send it). */
function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A PDF drawn in the page with pdf.js, one canvas per page, as wide as the card: the member reads it
 * without the file leaving the browser's memory. pdf.js and its worker load only when a PDF is opened.
 */
function PdfView({ bidId, attachment }: { bidId: string; attachment: Attachment }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState(t('common.loading'));
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    void (async () => {
      try {
        const [pdfjs, worker, blob] = await Promise.all([
          import('pdfjs-dist'),
          import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
          evaluationApi.attachment(bidId, attachment.index),
        ]);
        pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
        const task = pdfjs.getDocument({ data: new Uint8Array(await blob.arrayBuffer()) });
        destroy = () => void task.destroy();
        const doc = await task.promise;
        const pages = Math.min(doc.numPages, MAX_PAGES);
        for (let n = 1; n <= pages && !cancelled; n++) {
          const page = await doc.getPage(n);
          const width = Math.max(200, host.current?.clientWidth ?? 340);
          const base = page.getViewport({ scale: 1 });
          const ratio = window.devicePixelRatio || 1;
          const viewport = page.getViewport({ scale: (width / base.width) * ratio });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', t('evaluation.pdf.page', { n, of: doc.numPages }));
          canvas.dataset.testid = 'pdf-page';
          await page.render({ canvas, viewport }).promise;
          if (!cancelled) host.current?.append(canvas);
        }
        if (!cancelled)
          setStatus(
            doc.numPages > pages
              ? t('evaluation.pdf.truncated', { shown: pages, of: doc.numPages })
              : t('evaluation.pdf.pages', { n: doc.numPages }),
          );
      } catch (err) {
        if (!cancelled) {
          setError(err);
          setStatus('');
        }
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [bidId, attachment.index]);
  return (
    <div class="evaluation-pdf" data-testid="pdf-viewer">
      <p class="muted" aria-live="polite" data-testid="pdf-status">
        {status}
      </p>
      <ErrorNote error={error} testId="pdf-error" />
      <div ref={host} class="evaluation-pdf-pages" />
    </div>
  );
}

/**
 * The bid's files: PDFs open in the page, anything else is downloaded; every read is audited. Only members
 * of the running evaluation may read them (the opening's routes check it); others see the names.
 */
export function Attachments({ bid, canRead }: { bid: EvaluationBidView; canRead: boolean }) {
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const download = async (a: Attachment) => {
    setError(null);
    try {
      saveAs(await evaluationApi.attachment(bid.bidId, a.index), a.name);
    } catch (err) {
      setError(err);
    }
  };
  const shown = bid.attachments.find((a) => a.index === open);
  if (bid.attachments.length === 0) return <p class="muted">{t('evaluation.bid.noAttachments')}</p>;
  return (
    <div class="evaluation-attachments">
      <ul>
        {bid.attachments.map((a) => (
          <li key={a.index} data-testid="attachment">
            <span class="evaluation-file-name">{a.name}</span>{' '}
            <small class="muted">{formatBytes(a.size)}</small>{' '}
            {canRead && isPdf(a) ? (
              <button
                type="button"
                class="btn btn-small"
                aria-expanded={open === a.index}
                data-testid="attachment-view"
                onClick={() => setOpen(open === a.index ? null : a.index)}
              >
                {open === a.index ? t('evaluation.pdf.close') : t('evaluation.pdf.open')}
              </button>
            ) : null}{' '}
            {canRead ? (
              <button
                type="button"
                class="btn btn-small"
                data-testid="attachment-download"
                onClick={() => void download(a)}
              >
                {t('evaluation.download')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorNote error={error} testId="attachment-error" />
      {shown ? <PdfView bidId={bid.bidId} attachment={shown} /> : null}
    </div>
  );
}
