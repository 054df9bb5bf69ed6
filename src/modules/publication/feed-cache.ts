import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Cluster } from '../../platform/cluster/index.js';

/** The cluster channel on which a node says "my feed changed": every node drops its pages at once. */
export const FEED_CHANGED_CHANNEL = 'notices.feed-changed';

/**
 * A microcache of feed pages for anonymous readers. The public portal and harvesters ask for the same first
 * pages over and over, and between two notices nothing in them changes, so a page is kept for `ttlMs` (1 s by
 * default) and served before the API's middleware and query run. Every notice change this node commits drops
 * the cache at once, so a writer reads its own change; with several nodes (`share`), the change is told to
 * the others over the cluster's publish/subscribe and drops theirs as soon as it arrives, instead of their
 * serving the old page for up to `ttlMs`. Each node keeps its own pages and none needs another's
 * (docs/design.md §11): losing them costs one query, and a lost message (Redis down) costs at most `ttlMs`.
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

  private cluster: Pick<Cluster, 'publish'> | undefined;
  private onPublishError: (err: unknown) => void = () => {};

  /**
   * Joins the deployment's nodes: a change committed here is published, and one published by any node drops
   * this node's pages. Compose calls it once.
   */
  share(cluster: Pick<Cluster, 'publish' | 'subscribe'>, onError: (err: unknown) => void): void {
    this.cluster = cluster;
    cluster.subscribe(FEED_CHANGED_CHANNEL, () => this.dropPages());
    this.onPublishError = onError;
  }

  /** A notice change committed on this node: drop this node's pages now (read-your-writes), then the others'. */
  invalidate(): void {
    this.dropPages();
    this.cluster?.publish(FEED_CHANGED_CHANNEL, '').catch(this.onPublishError);
  }

  private dropPages(): void {
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
