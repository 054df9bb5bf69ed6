import { createHash } from 'node:crypto';

/** One field's change; a side is absent when the field did not exist on it (an added or removed item). */
export interface FieldChange {
  from?: unknown;
  to?: unknown;
}

/** What an update changed, by field path (`title`, `schedule.bidDeadline`, `sections.1.estimatedPriceFen`). */
export type Revision = Record<string, FieldChange>;

export interface RevisionOptions {
  /** Paths left out (ids regenerated on every save, timestamps, derived status). */
  ignore?: (path: string) => boolean;
  /** Longer strings are recorded by digest and length, not in full (default 200 characters). */
  maxChars?: number;
}

/**
 * The difference between two plain snapshots of a record (views, before and after an update), leaf by leaf:
 * nested objects and arrays are walked, so a change names the one field that changed. Values stay as the
 * snapshot has them (money in fen, times as ISO strings); long texts and blobs (a certificate's PEM, a long
 * description) are summarised as `{ sha256, chars }`, so audit entries and events stay small.
 */
export function revision(before: unknown, after: unknown, opts: RevisionOptions = {}): Revision {
  const maxChars = opts.maxChars ?? 200;
  const ignore = opts.ignore ?? (() => false);
  const left = flatten(before);
  const right = flatten(after);
  const changes: Revision = {};
  for (const path of new Set([...left.keys(), ...right.keys()])) {
    if (ignore(path)) continue;
    const from = left.get(path);
    const to = right.get(path);
    if (left.has(path) && right.has(path) && same(from, to)) continue;
    changes[path] = {
      ...(left.has(path) && { from: summary(from, maxChars) }),
      ...(right.has(path) && { to: summary(to, maxChars) }),
    };
  }
  return changes;
}

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  const nested = value !== null && typeof value === 'object' && !(value instanceof Date);
  const entries = nested ? Object.entries(value as Record<string, unknown>) : [];
  // An empty object or array is a value of its own; otherwise its leaves are.
  if (!nested || entries.length === 0) {
    if (prefix) out.set(prefix, value instanceof Date ? value.toISOString() : value);
    return out;
  }
  for (const [key, item] of entries) {
    if (item === undefined) continue;
    flatten(item, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function summary(value: unknown, maxChars: number): unknown {
  if (typeof value !== 'string' || value.length <= maxChars) return value;
  return { sha256: createHash('sha256').update(value).digest('hex'), chars: value.length };
}

/** Matches a path and everything under it, `*` standing for one segment: `sections.*.id`. */
export function pathPattern(...patterns: string[]): (path: string) => boolean {
  const segment = (s: string) => (s === '*' ? '[^.]+' : escape(s));
  const res = patterns.map((p) => new RegExp(`^${p.split('.').map(segment).join('\\.')}(\\..+)?$`));
  return (path) => res.some((re) => re.test(path));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
