import { createHash } from 'node:crypto';

/**
 * Generated PDFs kept in memory by what they print. Laying out a report and subsetting the CJK font takes a
 * few hundred milliseconds on the event loop of a small machine, and the same report or letter is downloaded again and
 * again (every member, the runners, supervisors) while its content does not change. The key is the SHA-256 of
 * the data the document is drawn from, so an entry can only ever be served for exactly that data: when the
 * data changes (a signature added to a report), the key changes and the old entry ages out. Concurrent
 * requests for the same document share one rendering. Bounded by total bytes, least recently used out first.
 */
export class PdfCache {
  private readonly done = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The document for `data`, rendered by `render` only when no copy of it is kept or on its way. */
  get(data: unknown, render: () => Promise<Buffer>): Promise<Buffer> {
    const key = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const kept = this.done.get(key);
    if (kept) {
      this.done.delete(key); // re-inserted: a Map iterates in insertion order, so the first key is the oldest
      this.done.set(key, kept);
      return Promise.resolve(kept);
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const rendering = render().then(
      (pdf) => {
        this.pending.delete(key);
        this.keep(key, pdf);
        return pdf;
      },
      (err: unknown) => {
        this.pending.delete(key); // a failure is not cached: the next request tries again
        throw err;
      },
    );
    this.pending.set(key, rendering);
    return rendering;
  }

  private keep(key: string, pdf: Buffer): void {
    if (pdf.length > this.maxBytes) return;
    this.done.set(key, pdf);
    this.bytes += pdf.length;
    for (const [oldest, old] of this.done) {
      if (this.bytes <= this.maxBytes) break;
      this.done.delete(oldest);
      this.bytes -= old.length;
    }
  }

  /** Documents kept and their total size, for tests and diagnostics. */
  get size(): { documents: number; bytes: number } {
    return { documents: this.done.size, bytes: this.bytes };
  }
}
