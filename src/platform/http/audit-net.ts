/**
 * The safety net for mutating requests that completed without an audit entry (EB Art.49). The route logs each
 * one; a watcher (the test suite's root hook) also hears of it, so the test that made one fails instead of a
 * log line nobody reads. Nothing is kept when no one watches: a server never accumulates offences.
 */
export interface UnauditedChange {
  method: string;
  route: string;
}

let watcher: ((change: UnauditedChange) => void) | null = null;

/** Called by the route layer for each mutating request that finished without an audit entry. */
export function reportUnauditedChange(change: UnauditedChange): void {
  watcher?.(change);
}

export type UnauditedWatcher = (change: UnauditedChange) => void;

/** Installs the one watcher (null removes it) and returns the one it replaced, to put back. */
export function watchUnauditedChanges(fn: UnauditedWatcher | null): UnauditedWatcher | null {
  const previous = watcher;
  watcher = fn;
  return previous;
}
