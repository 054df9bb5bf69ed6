import { fromHex } from '../crypto/index.js';
import type { Catalog } from './catalog/catalog.js';
import { DrawShortfallError } from './errors.js';
import { assertDrawRequest } from './request.js';
import { DrawRng } from './rng.js';
import { redrawSeed } from './seed.js';
import { candidatesBySeat, seatsOf, type CandidateList, type Seat } from './seats.js';
import type { DrawCandidate, DrawnMember, DrawRequest, Shortfall } from './types.js';

/** Every short (specialty, locality), counting seats that ask for the same pair together. */
function shortfalls(seats: readonly Seat[], lists: readonly CandidateList[]): Shortfall[] {
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

/** A list read by position: a plain array, or a list minus a few of its entries (ListWithout). */
interface Indexed<T> {
  readonly length: number;
  at(k: number): T;
}

/**
 * A canonical list minus a few of its entries, without copying it: the k-th remaining entry is found by
 * stepping over the removed positions before it. Reads exactly what `list.filter(not removed)` would hold.
 */
class ListWithout<T> implements Indexed<T> {
  readonly length: number;
  constructor(
    private readonly items: { readonly length: number; at(index: number): T | undefined },
    /** Positions in `items` to leave out, ascending, each once. */
    private readonly removed: readonly number[],
  ) {
    this.length = items.length - removed.length;
  }

  at(k: number): T {
    let i = k;
    for (const r of this.removed) {
      if (r > i) break;
      i += 1;
    }
    return this.items.at(i)!;
  }
}

/**
 * The first `count` steps of a forward Fisher-Yates (Durstenfeld) shuffle: a uniform ordered sample.
 * Swaps are kept in a map instead of copying the list, so the cost is O(count), not O(list).
 */
function sample<T>(items: Indexed<T>, count: number, rng: DrawRng): T[] {
  const swapped = new Map<number, T>();
  const at = (k: number) => (swapped.has(k) ? swapped.get(k)! : items.at(k));
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
  lists: readonly CandidateList[],
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

/** The list minus already chosen experts; a view, not a copy (a seat's list can hold 100,000 experts). */
function withoutChosen(list: CandidateList, chosen: readonly DrawCandidate[]): Indexed<DrawCandidate> {
  return new ListWithout(
    list,
    positionsIn(
      list,
      chosen.map((c) => c.id),
    ),
  );
}

/** Where the ids sit in a canonical list (those in it), ascending, each once. */
function positionsIn(list: CandidateList, ids: Iterable<string>): number[] {
  const found = new Set<number>();
  for (const id of ids) {
    const at = binarySearch(list, id);
    if (at >= 0) found.add(at);
  }
  return [...found].sort((a, b) => a - b);
}

function binarySearch(list: CandidateList, id: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list.at(mid)!.id;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
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
  list: CandidateList,
  alreadyDrawn: Iterable<string>,
): DrawnMember {
  // The seat's list minus everyone drawn so far, read in place: the same entries, in the same order, as a
  // filtered copy, at the cost of a binary search per drawn expert.
  const open = new ListWithout(list, positionsIn(list, alreadyDrawn));
  if (open.length === 0) {
    throw new DrawShortfallError([
      { specialty: seat.specialty, locality: seat.locality, needed: 1, available: 0 },
    ]);
  }
  const rng = new DrawRng(fromHex(redrawSeed(seed, index)));
  return { expertId: open.at(rng.below(open.length)).id, slot: seat.slot, locality: seat.locality };
}
