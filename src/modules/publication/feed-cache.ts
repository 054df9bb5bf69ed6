import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';

/**
 * A microcache of feed pages for anonymous readers. The public portal and harvesters ask for the same first
 * pages over and over, and between two notices nothing in them changes, so a page is kept for `ttlMs` (1 s by
 * default) and served before the API's middleware and query run. Every notice change this node commits drops
 * the cache at once, so a writer reads its own change; another node's change shows within `ttlMs`. Each node
 * keeps its own and none needs another's (docs/design.md §11): losing it costs one query.
 */
export class FeedCache {
  private readonly pages = new Map<string, { storedAt: number; page: unknown }>();
  /** Bumped by every invalidation, so a page read before a commit is never stored after it. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxPages = 1000,
    /** Real elapsed time, not the platform's domain clock: this is about load, not about deadlines. */
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** Call before reading a page; hand the result to `store` with the page. */
  begin(): number {
    return this.generation;
  }

  store(url: string, generation: number, page: unknown): void {
    if (this.ttlMs <= 0 || generation !== this.generation) return;
    // Any query string makes a key, so the oldest page goes first when a client sprays variants.
    if (this.pages.size >= this.maxPages) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(url, { storedAt: this.elapsedMs(), page });
  }

  invalidate(): void {
    this.generation += 1;
    this.pages.clear();
  }

  /** The page stored for this URL if it is still fresh. */
  lookup(url: string): unknown {
    const entry = this.pages.get(url);
    if (!entry) return undefined;
    if (this.elapsedMs() - entry.storedAt <= this.ttlMs) return entry.page;
    this.pages.delete(url);
    return undefined;
  }

  /** Mounted ahead of the API: answers an anonymous GET whose page is fresh; anything else goes on. */
  readonly serve: RequestHandler = (req, res, next) => {
    const page =
      req.method === 'GET' && !req.headers.authorization ? this.lookup(req.originalUrl) : undefined;
    if (page === undefined) return next();
    res.json(page);
  };
}
