import type { DrawCandidate, DrawRequest, Locality } from './types.js';

// Seats and their candidates: which eligible experts can fill which seat of a request, in canonical order.

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

/** A seat's candidates in canonical order, read by position: an array, or an index's view of its own arrays. */
export interface CandidateList {
  readonly length: number;
  at(index: number): DrawCandidate | undefined;
}

export interface SeatCandidates {
  /** Candidates per seat (same order as the seats), each in canonical order. */
  lists: readonly CandidateList[];
  /** Every candidate of any seat once, in canonical order: what a record's snapshot holds. */
  union: DrawCandidate[];
}

/**
 * Where the draw gets its candidates from instead of a pool array: the seats' lists and the snapshot built
 * already (DrawIndex.source). The union's entries must hold only id, regionCode and specialties, since the
 * record keeps them as they are.
 */
export type CandidateSource = (seats: readonly Seat[], localRegionPrefix: string) => SeatCandidates;

/** The candidates from a pool array (scanned) or from a source (an index). */
export function seatCandidates(
  seats: readonly Seat[],
  pool: readonly DrawCandidate[] | CandidateSource,
  localRegionPrefix: string,
): { candidates: SeatCandidates; bare: boolean } {
  if (typeof pool === 'function') return { candidates: pool(seats, localRegionPrefix), bare: true };
  return { candidates: candidatesBySeat(seats, pool, localRegionPrefix), bare: false };
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
