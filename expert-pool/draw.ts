import { fromHex } from '../crypto/index.js';
import type { Catalog } from './catalog/catalog.js';
import { DrawShortfallError } from './errors.js';
import { assertDrawRequest } from './request.js';
import { DrawRng } from './rng.js';
import { redrawSeed } from './seed.js';
import type { DrawCandidate, DrawnMember, DrawRequest, Locality, Shortfall } from './types.js';

/** One (slot, locality) pair of a request: a slot of 3 with 1 remote is 2 local + 1 remote seats. */
export interface Seat {
  slot: number;
  specialty: string;
  locality: Locality;
  count: number;
}

export function seatsOf(request: DrawRequest): Seat[] {
  const seats: Seat[] = [];
  request.slots.forEach((s, slot) => {
    const local = s.count - s.remote;
    if (local > 0) seats.push({ slot, specialty: s.specialty, locality: 'local', count: local });
    if (s.remote > 0) seats.push({ slot, specialty: s.specialty, locality: 'remote', count: s.remote });
  });
  return seats;
}

export function localityOf(regionCode: string, localRegionPrefix: string): Locality {
  return regionCode.startsWith(localRegionPrefix) ? 'local' : 'remote';
}

const byId = (a: DrawCandidate, b: DrawCandidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The candidates of each seat, each list in canonical order (expert id, UTF-16 code units). One pass over
 * the pool: an expert's code qualifies for a request code when the request code is one of its prefixes
 * (Catalog.covers), so four map look-ups per specialty find every seat it can fill.
 */
export function candidatesBySeat(
  seats: readonly Seat[],
  pool: readonly DrawCandidate[],
  localRegionPrefix: string,
): DrawCandidate[][] {
  const seatsByCode = new Map<string, number[]>();
  seats.forEach((seat, i) =>
    seatsByCode.set(seat.specialty, [...(seatsByCode.get(seat.specialty) ?? []), i]),
  );
  const lists: DrawCandidate[][] = seats.map(() => []);
  const lastAdded: (DrawCandidate | null)[] = seats.map(() => null);
  const ids = new Set<string>();
  for (const expert of pool) {
    if (ids.has(expert.id)) throw new Error(`Duplicate expert id in the pool: ${expert.id}`);
    ids.add(expert.id);
    const locality = localityOf(expert.regionCode, localRegionPrefix);
    for (const code of expert.specialties) {
      for (let len = 3; len <= code.length; len += 2) {
        const hits = seatsByCode.get(len === code.length ? code : code.slice(0, len));
        if (!hits) continue;
        for (const i of hits) {
          if (seats[i]!.locality !== locality || lastAdded[i] === expert) continue;
          lists[i]!.push(expert);
          lastAdded[i] = expert;
        }
      }
    }
  }
  for (const list of lists) list.sort(byId);
  return lists;
}

/** Every short (specialty, locality), counting seats that ask for the same pair together. */
function shortfalls(seats: readonly Seat[], lists: readonly DrawCandidate[][]): Shortfall[] {
  const byKey = new Map<string, Shortfall>();
  seats.forEach((seat, i) => {
    const key = `${seat.specialty}|${seat.locality}`;
    const entry = byKey.get(key);
    if (entry) entry.needed += seat.count;
    else {
      const { specialty, locality, count } = seat;
      byKey.set(key, { specialty, locality, needed: count, available: lists[i]!.length });
    }
  });
  return [...byKey.values()].filter((s) => s.needed > s.available);
}

/** The first `count` steps of a forward Fisher-Yates (Durstenfeld) shuffle: a uniform ordered sample. */
function sample<T>(items: readonly T[], count: number, rng: DrawRng): T[] {
  const a = items.slice();
  for (let i = 0; i < count; i++) {
    const j = i + rng.below(a.length - i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.slice(0, count);
}

export interface DrawInput {
  /** 64 hex digits: drawSeed(secret, entropy, requestDigest(request)). */
  seed: string;
  request: DrawRequest;
  /** Eligible experts only (after `eligibility`); any order. */
  pool: readonly DrawCandidate[];
  catalog: Catalog;
}

/**
 * The initial draw. Seats are filled in request order (each slot's local seats, then its remote seats), one
 * CSPRNG stream for all of them, never choosing anyone twice. Throws DrawShortfallError naming every short
 * (specialty, locality) before drawing anything.
 */
export function runDraw({ seed, request, pool, catalog }: DrawInput): DrawnMember[] {
  assertDrawRequest(request, catalog);
  const seats = seatsOf(request);
  const lists = candidatesBySeat(seats, pool, request.localRegionPrefix);
  const short = shortfalls(seats, lists);
  if (short.length > 0) throw new DrawShortfallError(short);

  const rng = new DrawRng(fromHex(seed));
  const chosen = new Set<string>();
  const members: DrawnMember[] = [];
  seats.forEach((seat, i) => {
    // Overlapping codes (A08 and A0801 in one request) can still leave a later seat short after earlier
    // picks; that outcome is as deterministic and verifiable as any other.
    const open = lists[i]!.filter((c) => !chosen.has(c.id));
    if (open.length < seat.count) {
      throw new DrawShortfallError([
        { specialty: seat.specialty, locality: seat.locality, needed: seat.count, available: open.length },
      ]);
    }
    for (const pick of sample(open, seat.count, rng)) {
      chosen.add(pick.id);
      members.push({ expertId: pick.id, slot: seat.slot, locality: seat.locality });
    }
  });
  return members;
}

export interface RedrawInput {
  /** The draw's seed (not the redraw's): step i derives SHA-256(seed ‖ 'redraw' ‖ i). */
  seed: string;
  /** 1 for the first redraw of the draw, 2 for the second, ... */
  index: number;
  request: DrawRequest;
  /** The member being replaced (declined or timed out). */
  replaces: DrawnMember;
  /** Eligible experts now (eligibility is re-run for a redraw). */
  pool: readonly DrawCandidate[];
  /** Everyone drawn so far in this draw, including declined members: never drawn again. */
  alreadyDrawn: Iterable<string>;
  catalog: Catalog;
}

/** One random replacement for the member's seat (same slot specialty and locality). */
export function redraw(input: RedrawInput): DrawnMember {
  const { request, replaces, catalog } = input;
  assertDrawRequest(request, catalog);
  const slot = request.slots[replaces.slot];
  if (!slot)
    throw new Error(`Member ${replaces.expertId} refers to slot ${replaces.slot}, not in the request`);
  const seat: Seat = {
    slot: replaces.slot,
    specialty: slot.specialty,
    locality: replaces.locality,
    count: 1,
  };
  const drawn = new Set(input.alreadyDrawn);
  const open = candidatesBySeat([seat], input.pool, request.localRegionPrefix)[0]!.filter(
    (c) => !drawn.has(c.id),
  );
  if (open.length === 0) {
    throw new DrawShortfallError([
      { specialty: seat.specialty, locality: seat.locality, needed: 1, available: 0 },
    ]);
  }
  const rng = new DrawRng(fromHex(redrawSeed(input.seed, input.index)));
  return { expertId: open[rng.below(open.length)]!.id, slot: seat.slot, locality: seat.locality };
}
