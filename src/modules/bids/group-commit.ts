/** One item's outcome in a batch: its value, or its own refusal (for which nothing was written). */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, R> {
  /** The most items committed in one transaction. */
  maxBatch: number;
  /**
   * Items sharing a key never go in one batch (one bid, one Idempotency-Key), so each item of a batch can be
   * checked against what is committed, and a later upload of the same bid sees the earlier one's rows.
   */
  keysOf: (item: I) => string[];
  /**
   * Commits the items in ONE transaction and settles each of them; it throws only when the batch as a whole
   * failed (and then nothing of it was committed).
   */
  commit: (items: I[]) => Promise<Settled<R>[]>;
}

interface Waiting<I, R> {
  item: I;
  keys: string[];
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, per process. A sealed bid's commit is short but strictly serial (the tender's row lock, the
 * audit chain's head, SQLite's single writer, a commit fsync): at hundreds of uploads finishing at once, bids
 * committed one at a time queue behind each other for seconds after the last byte arrived. So uploads whose
 * bodies have ended and passed their checks wait here, and while one batch commits the next one gathers: up
 * to `maxBatch` of them then commit in one transaction, sharing the lock, the fsyncs and the round trips.
 * A lone upload waits for nothing but the batch already committing.
 *
 * One bad item cannot sink the others: when a batch fails as a whole, each of its items is committed again
 * alone, and only the one that fails alone gets the error.
 */
export class GroupCommit<I, R> {
  private pending: Waiting<I, R>[] = [];
  private draining = false;

  constructor(private readonly opts: GroupCommitOptions<I, R>) {}

  /** Settles once the item's transaction committed (or refused it): only then may its answer be sent. */
  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, keys: this.opts.keysOf(item), resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Uploads ending in the same turn of the event loop share the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.take();
      try {
        settle(batch, await this.opts.commit(batch.map((w) => w.item)));
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        else for (const w of batch) await this.alone(w);
      }
    }
    this.draining = false;
  }

  private async alone(w: Waiting<I, R>): Promise<void> {
    try {
      settle([w], await this.opts.commit([w.item]));
    } catch (err) {
      w.reject(err);
    }
  }

  /** The oldest waiting items, up to maxBatch, no two sharing a key; the rest keep their order. */
  private take(): Waiting<I, R>[] {
    const taken: Waiting<I, R>[] = [];
    const left: Waiting<I, R>[] = [];
    const used = new Set<string>();
    for (const w of this.pending) {
      const free = taken.length < this.opts.maxBatch && !w.keys.some((k) => used.has(k));
      (free ? taken : left).push(w);
      // A later item sharing a key with a waiting one does not overtake it either.
      for (const k of w.keys) used.add(k);
    }
    this.pending = left;
    return taken;
  }
}

function settle<I, R>(batch: Waiting<I, R>[], outcomes: Settled<R>[]): void {
  batch.forEach((w, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) w.resolve(outcome.value);
    else w.reject(outcome.error);
  });
}
