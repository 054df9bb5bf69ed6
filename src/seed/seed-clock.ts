import type { Clock } from '../platform/clock.js';

/** A clock the demo seed can move: a test's ManualClock, or the server's SeedClock. */
export interface SettableClock extends Clock {
  set(at: Date): void;
}

export function isSettable(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).set === 'function';
}

/**
 * The server's clock while the demo seed writes its history: pinned to a past moment by the seed (so every
 * record, audit entry and statutory period carries the date it would have had), then handed back to real time
 * before the server listens. Unpinned it is the system clock.
 */
export class SeedClock implements SettableClock {
  private pinned: number | null = null;

  now(): Date {
    return new Date(this.pinned ?? Date.now());
  }

  set(at: Date): void {
    this.pinned = at.getTime();
  }

  /** Real time from now on. */
  release(): void {
    this.pinned = null;
  }
}

/**
 * The seed's walk through its history, oldest first: `at` moves the clock to a moment given relative to the
 * real start and refuses to go back, so audit entries and events keep their order.
 */
export class History {
  private current: number;

  constructor(
    private readonly clock: SettableClock,
    /** The real moment the seed started: the history ends there. */
    readonly start: Date,
    firstMs: number,
  ) {
    this.current = start.getTime() + firstMs;
    clock.set(new Date(this.current));
  }

  /** `start + offsetMs` (negative: in the past) as a Date, without moving the clock. */
  when(offsetMs: number): Date {
    return new Date(this.start.getTime() + offsetMs);
  }

  at(offsetMs: number): Date {
    const target = this.start.getTime() + offsetMs;
    if (target < this.current) {
      throw new Error(`demo history out of order: ${new Date(target).toISOString()} is before the clock`);
    }
    this.current = target;
    this.clock.set(new Date(target));
    return new Date(target);
  }

  /** Moves the clock `ms` on from where it is. */
  later(ms: number): Date {
    return this.at(this.current - this.start.getTime() + ms);
  }

  /** Back to the real start (the caller hands the clock back to real time). */
  end(): void {
    this.at(0);
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
