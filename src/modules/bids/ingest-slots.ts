/**
 * How many uploads are read at once; the rest wait their turn, first come first served, and are never
 * refused for it. A waiting upload's body is not read: the client's bytes stay in its socket (the kernel's
 * buffers, then the client's), so it holds almost no server memory. Hundreds of uploads read at once gain
 * nothing on a few cores and one disk (each waits on the same hashing thread and write queue) but each holds
 * its socket's, stream's and write's pieces, hundreds of KB, and the garbage they leave.
 *
 * A slot is for an upload that arrives fast: one whose client sends slowly (a poor line, or on purpose)
 * gives its slot up and goes on reading without one (see UploadPace), so a few slow clients cannot hold
 * everyone else's bids back before a deadline. A slow upload holds little memory anyway: its pieces are read
 * as they come.
 */
export class IngestSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error(`An ingest needs at least one slot, not ${size}`);
  }

  /** Uploads waiting for a slot (for tests and diagnostics). */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a slot once one is free; the slot must be released, which only its first release does. */
  async acquire(): Promise<IngestSlot> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.handOn();
      },
    };
  }

  /** The slot passes straight to the longest waiting upload, so no later arrival overtakes it. */
  private handOn(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

export interface IngestSlot {
  release(): void;
}

/** A client that leaves the server waiting this long for its next piece is slow. */
const STALL_MS = 1000;
/** Over each second spent waiting for the client, a fast one sends at least this much. */
const FAST_BYTES_PER_SECOND = 512 * 1024;

/**
 * Watches how fast the client sends while an upload holds a slot, and releases the slot once the client
 * turns out slow: one wait for a piece of STALL_MS or more, or less than FAST_BYTES_PER_SECOND per second
 * spent waiting for pieces. Only time spent waiting for the network counts, not the server's own work (a
 * busy disk or event loop does not make a client slow).
 */
export class UploadPace {
  private waitedMs = 0;
  private bytes = 0;
  private since = 0;
  private readonly timer: NodeJS.Timeout;
  private isWaiting = false;
  private done = false;

  constructor(
    private readonly slot: IngestSlot,
    private readonly limits = { stallMs: STALL_MS, fastBytesPerSecond: FAST_BYTES_PER_SECOND },
  ) {
    // One timer per upload, re-armed for each wait (no timer made per piece); it fires in vain while the
    // server itself is busy with a piece, and is re-armed by the next wait.
    this.timer = setTimeout(() => this.isWaiting && this.giveUp(), limits.stallMs);
    this.timer.unref();
  }

  /** The upload asks the client for its next piece. */
  waiting(): void {
    if (this.done) return;
    this.isWaiting = true;
    this.since = performance.now();
    this.timer.refresh();
  }

  /** The next piece came (or the body ended). */
  arrived(bytes: number): void {
    if (this.done) return;
    this.isWaiting = false;
    this.waitedMs += performance.now() - this.since;
    this.bytes += bytes;
    if (this.waitedMs < 1000) return;
    if (this.bytes < (this.limits.fastBytesPerSecond * this.waitedMs) / 1000) return this.giveUp();
    this.waitedMs = 0;
    this.bytes = 0;
  }

  /** The body ended: the slot stays held (its caller releases it) but is no longer watched. */
  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  private giveUp(): void {
    this.stop();
    this.slot.release();
  }
}
