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

/** Sorts into canonical order unless already there (a pool read ORDER BY id usually is): O(n) then. */
export function sortById<T extends DrawCandidate>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.id >= list[i]!.id) return list.sort(byId);
  }
  return list;
}

export interface SeatCandidates {
  /** Candidates per seat (same order as the seats), each in canonical order. */
  lists: DrawCandidate[][];
  /** Every candidate of any seat once, in canonical order: what a record's snapshot holds. */
  union: DrawCandidate[];
}

/**
 * The candidates of each seat, each list in canonical order (expert id, UTF-16 code units). One pass over
 * the pool; an expert's code qualifies for a seat when the seat's code is a prefix of it (Catalog.covers).
 * This is the hot path of a draw: no allocation per expert beyond the list entries.
 */
export function candidatesBySeat(
  seats: readonly Seat[],
  pool: readonly DrawCandidate[],
  localRegionPrefix: string,
): SeatCandidates {
  const codes = [...new Set(seats.map((s) => s.specialty))];
  const seatsOfCode = codes.map((code) => seats.flatMap((s, i) => (s.specialty === code ? [i] : [])));
  const localities = seats.map((s) => s.locality);
  const lists: DrawCandidate[][] = seats.map(() => []);
  const lastAdded: (DrawCandidate | null)[] = seats.map(() => null);
  const union: DrawCandidate[] = [];
  // Seats each distinct specialty string can fill, worked out once per string: a pool has few distinct codes.
  const seatsFor = new Map<string, number[]>();
  const seatsOfSpecialty = (code: string) => {
    let hits = seatsFor.get(code);
    if (!hits) {
      hits = codes.flatMap((c, k) => (code.startsWith(c) ? seatsOfCode[k]! : []));
      seatsFor.set(code, hits);
    }
    return hits;
  };
  for (let e = 0; e < pool.length; e++) {
    const expert = pool[e]!;
    const specialties = expert.specialties;
    let locality: Locality | null = null; // worked out only for experts that match a code
    let listed = false;
    for (let s = 0; s < specialties.length; s++) {
      const hits = seatsOfSpecialty(specialties[s]!);
      for (let h = 0; h < hits.length; h++) {
        const i = hits[h]!;
        locality ??= localityOf(expert.regionCode, localRegionPrefix);
        if (localities[i] !== locality || lastAdded[i] === expert) continue;
        lists[i]!.push(expert);
        lastAdded[i] = expert;
        if (!listed) union.push(expert);
        listed = true;
      }
    }
  }
  for (const list of lists) sortById(list);
  sortById(union);
  for (let i = 1; i < union.length; i++) {
    if (union[i - 1]!.id === union[i]!.id)
      throw new Error(`Duplicate expert id in the pool: ${union[i]!.id}`);
  }
  return { lists, union };
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

/**
 * The first `count` steps of a forward Fisher-Yates (Durstenfeld) shuffle: a uniform ordered sample.
 * Swaps are kept in a map instead of copying the list, so the cost is O(count), not O(list).
 */
function sample<T>(items: readonly T[], count: number, rng: DrawRng): T[] {
  const swapped = new Map<number, T>();
  const at = (k: number) => (swapped.has(k) ? swapped.get(k)! : items[k]!);
  const picked: T[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + rng.below(items.length - i);
    const chosen = at(j);
    swapped.set(j, at(i));
    picked.push(chosen);
  }
  return picked;
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
  return drawSeats(seed, seats, candidatesBySeat(seats, pool, request.localRegionPrefix).lists);
}

/** runDraw after validation, on candidate lists already built (startDraw reuses them for the snapshot). */
export function drawSeats(
  seed: string,
  seats: readonly Seat[],
  lists: readonly DrawCandidate[][],
): DrawnMember[] {
  const short = shortfalls(seats, lists);
  if (short.length > 0) throw new DrawShortfallError(short);

  const rng = new DrawRng(fromHex(seed));
  const chosen: DrawCandidate[] = [];
  const members: DrawnMember[] = [];
  seats.forEach((seat, i) => {
    // Overlapping codes (A08 and A0801 in one request) can still leave a later seat short after earlier
    // picks; that outcome is as deterministic and verifiable as any other.
    const open = withoutChosen(lists[i]!, chosen);
    if (open.length < seat.count) {
      throw new DrawShortfallError([
        { specialty: seat.specialty, locality: seat.locality, needed: seat.count, available: open.length },
      ]);
    }
    for (const pick of sample(open, seat.count, rng)) {
      chosen.push(pick);
      members.push({ expertId: pick.id, slot: seat.slot, locality: seat.locality });
    }
  });
  return members;
}

/** The list minus already chosen experts, copying only when one of them is actually in it. */
function withoutChosen(
  list: readonly DrawCandidate[],
  chosen: readonly DrawCandidate[],
): readonly DrawCandidate[] {
  if (chosen.length === 0) return list;
  const ids = new Set(chosen.map((c) => c.id));
  const inList = chosen.some((c) => binarySearch(list, c.id));
  return inList ? list.filter((c) => !ids.has(c.id)) : list;
}

function binarySearch(list: readonly DrawCandidate[], id: string): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid]!.id;
    if (at === id) return true;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
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
  const seat = seatOfMember(request, replaces);
  const list = candidatesBySeat([seat], input.pool, request.localRegionPrefix).lists[0]!;
  return redrawSeat(input.seed, input.index, seat, list, input.alreadyDrawn);
}

export function seatOfMember(request: DrawRequest, member: DrawnMember): Seat {
  const slot = request.slots[member.slot];
  if (!slot) throw new Error(`Member ${member.expertId} refers to slot ${member.slot}, not in the request`);
  return { slot: member.slot, specialty: slot.specialty, locality: member.locality, count: 1 };
}

/** redraw after validation, on the seat's candidate list already built. */
export function redrawSeat(
  seed: string,
  index: number,
  seat: Seat,
  list: readonly DrawCandidate[],
  alreadyDrawn: Iterable<string>,
): DrawnMember {
  const drawn = new Set(alreadyDrawn);
  const open = list.filter((c) => !drawn.has(c.id));
  if (open.length === 0) {
    throw new DrawShortfallError([
      { specialty: seat.specialty, locality: seat.locality, needed: 1, available: 0 },
    ]);
  }
  const rng = new DrawRng(fromHex(redrawSeed(seed, index)));
  return { expertId: open[rng.below(open.length)]!.id, slot: seat.slot, locality: seat.locality };
}
