import { firstViolation, prepareContext, type RuleContext } from './rules/index.js';
import {
  localityOf,
  type CandidateList,
  type CandidateSource,
  type Seat,
  type SeatCandidates,
} from './seats.js';
import type { DrawCandidate, DrawContext, DrawRequest, Locality, PoolExpert } from './types.js';

// An in-memory index of the pool for the draw, so a draw costs in proportion to the experts who could fill
// its seats, not to the whole pool, and allocates nothing per expert (issue 18). Experts sit in canonical
// order (id, UTF-16 code units); for every prefix a catalog code can have (3, 5, 7, 9 characters: a category
// letter and two digits per level, catalog.ts) a posting lists the positions of the experts holding a code
// with that prefix, which is exactly "the slot's code covers the expert's code". A draw reads the postings of
// its seats' codes and runs the same avoidance rules (`firstViolation`, in the same order) over those experts
// only. The answer is the same candidate lists and snapshot that `candidatesBySeat` builds from
// `eligibility(pool, ctx).eligible`, so startDraw and replaceMember write the same record and verify-draw
// re-runs it unchanged (draw-index.test.ts checks this against the full scan).
//
// The rules are run only where one could exclude: an expert is judged by `firstViolation` when not active,
// under the credit threshold, listed in the exclusions, or holding a value one of the rules compares with
// the draw's parties, day or tenderee (found through small maps by value); every other expert passes every
// rule, since each rule excludes only on one of those. The maps may keep stale entries (an employer since
// changed): that only makes the rules run for an expert who then passes.
//
// Upkeep: `upsert` replaces an expert in place (a changed status, credit score, specialty, conflict...) and
// `remove` drops one; neither scans the pool. A new expert whose id sorts after every other is appended; any
// other new id waits in a small sorted side list merged into each answer, until the index compacts.

/** The prefix lengths a catalog code can have. */
const PREFIX_LENGTHS = [3, 5, 7, 9] as const;

interface Posting {
  positions: number[];
  /** False after an out-of-order append (an upsert adding a code): sorted again on the next read. */
  sorted: boolean;
  /** True once an upsert dropped a code: a position may no longer hold the prefix, so it is checked. */
  stale: boolean;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What a record keeps of an expert; one object per expert, shared by every record (records are immutable). */
const candidateOf = (e: PoolExpert): DrawCandidate => ({
  id: e.id,
  regionCode: e.regionCode,
  specialties: e.specialties,
});

export interface EligibleForOptions {
  /** Only this slot's code (a redraw fills one seat): fewer experts to check. */
  slot?: number;
}

export class DrawIndex {
  /** In canonical order; `undefined` where an expert was removed (until the next compaction). */
  private experts: (PoolExpert | undefined)[] = [];
  private candidates: (DrawCandidate | undefined)[] = [];
  private position = new Map<string, number>();
  private postings = new Map<string, Posting>();
  /** New experts whose ids sort before the last one, in canonical order, waiting for a compaction. */
  private late: PoolExpert[] = [];
  private lateCandidates: DrawCandidate[] = [];
  private removed = 0;
  /** Replacements since the last build: each may leave stale postings and values, so they are bounded. */
  private replaced = 0;
  /** Per position, the query that last judged the expert and its verdict then (1 eligible, 0 not). */
  private judgedIn: Uint32Array = new Uint32Array(0);
  private verdict: Uint8Array = new Uint8Array(0);
  /** Per position, the query that found a value of the expert matching one of its parties, date or ids. */
  private suspectIn: Uint32Array = new Uint32Array(0);
  /** Per position: 1 when the expert is active; the credit score. */
  private active: Uint8Array = new Uint8Array(0);
  private credit: Float64Array = new Float64Array(0);
  /** Per position, the region code as a number when it is 6 digits (else -1): locality without a string. */
  private region: Int32Array = new Int32Array(0);
  /** Positions by employer, declared conflict party, unavailable day, tenderee of a recent draw. */
  private byValue = {
    employer: new Map<string, number[]>(),
    conflict: new Map<string, number[]>(),
    unavailable: new Map<string, number[]>(),
    recentFor: new Map<string, number[]>(),
  };
  private query = 0;
  /** Reused by every query for the positions it collects before copying them out (eligibleByLocality). */
  private scratch = new Int32Array(0);

  constructor(experts: readonly PoolExpert[] = []) {
    this.rebuild([...experts]);
  }

  /** Experts in the index (removed ones not counted). */
  get size(): number {
    return this.position.size + this.late.length;
  }

  get(id: string): PoolExpert | undefined {
    const at = this.position.get(id);
    if (at !== undefined) return this.experts[at];
    const late = this.lateAt(id);
    return late >= 0 ? this.late[late] : undefined;
  }

  /**
   * Adds an expert or replaces the one with the same id (any field may have changed). Treat the object as
   * immutable afterwards: change an expert by upserting a new object.
   */
  upsert(expert: PoolExpert): void {
    const at = this.position.get(expert.id);
    if (at !== undefined) {
      const before = prefixesOf(this.experts[at]!.specialties);
      const after = prefixesOf(expert.specialties);
      this.experts[at] = expert;
      this.candidates[at] = candidateOf(expert);
      this.note(expert, at);
      for (const prefix of after) if (!before.has(prefix)) this.post(prefix, at);
      for (const prefix of before) {
        const posting = this.postings.get(prefix);
        if (!after.has(prefix) && posting) posting.stale = true;
      }
      this.replaced += 1;
      if (this.replaced > Math.max(1024, this.experts.length)) this.compact();
      return;
    }
    const late = this.lateAt(expert.id);
    if (late >= 0) {
      this.late[late] = expert;
      this.lateCandidates[late] = candidateOf(expert);
      return;
    }
    const last = this.lastId();
    if (last === null || expert.id > last) {
      this.append(expert);
      return;
    }
    const point = this.lateInsertionPoint(expert.id);
    this.late.splice(point, 0, expert);
    this.lateCandidates.splice(point, 0, candidateOf(expert));
    if (this.late.length > this.slack()) this.compact();
  }

  /** Drops an expert (deleted from the pool); unknown ids are ignored. */
  remove(id: string): void {
    const at = this.position.get(id);
    if (at !== undefined) {
      this.experts[at] = undefined;
      this.candidates[at] = undefined;
      this.position.delete(id);
      this.removed += 1;
      if (this.removed > this.slack()) this.compact();
      return;
    }
    const late = this.lateAt(id);
    if (late >= 0) {
      this.late.splice(late, 1);
      this.lateCandidates.splice(late, 1);
    }
  }

  /** Every expert in canonical order (for tests and diagnostics). */
  all(): PoolExpert[] {
    const present = this.experts.filter((e): e is PoolExpert => e !== undefined);
    return this.late.length === 0 ? present : mergeById(present, this.late);
  }

  /**
   * The draw's candidates under `ctx`, for startDraw and replaceMember's `pool`: per seat, the experts
   * eligible under the avoidance rules whose code the seat's covers, of the seat's locality, in canonical
   * order, and the snapshot for the record. Put the request's exclusions into `ctx.exclusions`, as for
   * `eligibility`. Read it while the index is not being changed (the server's draws are synchronous).
   */
  source(ctx: DrawContext): CandidateSource {
    const prepared = prepareContext(ctx);
    return (seats, localRegionPrefix) => this.seatCandidates(seats, localRegionPrefix, prepared);
  }

  /**
   * The eligible experts holding a code covered by one of the request's slots (or by `options.slot` only),
   * in canonical order: what `eligibility(pool, ctx).eligible` keeps of those who could be drawn. Useful
   * where whole experts are needed; the draw itself runs faster on `source`.
   */
  eligibleFor(request: DrawRequest, ctx: DrawContext, options: EligibleForOptions = {}): PoolExpert[] {
    const slots = options.slot === undefined ? request.slots : [request.slots[options.slot]!];
    const prepared = prepareContext(ctx);
    const query = this.nextQuery();
    this.markSuspects(ctx, query);
    const codes = [...new Set(slots.map((s) => s.specialty))];
    const positions = this.union(codes.map((code) => this.eligibleOf(code, prepared, query)));
    const eligible = Array.from(positions, (at) => this.experts[at]!);
    const late = this.late.filter(
      (e) => codes.some((code) => holds(e, code)) && firstViolation(e, prepared) === null,
    );
    return late.length === 0 ? eligible : mergeById(eligible, late);
  }

  private seatCandidates(seats: readonly Seat[], prefix: string, prepared: RuleContext): SeatCandidates {
    const query = this.nextQuery();
    this.markSuspects(prepared.draw, query);
    const isLocal = this.localTest(prefix);
    // Per code, its eligible experts of each locality a seat asks for, judged once: the seats of one slot
    // (local and remote) share them. A locality no seat asks for is not kept: those experts are not
    // candidates of this draw, nor in its snapshot (a redraw fills one seat).
    const byCode = new Map<string, Partial<Record<Locality, Int32Array>>>();
    for (const { specialty } of seats) {
      if (byCode.has(specialty)) continue;
      const wants = (locality: Locality) =>
        seats.some((s) => s.specialty === specialty && s.locality === locality);
      byCode.set(
        specialty,
        this.eligibleByLocality(specialty, prepared, query, isLocal, wants('local'), wants('remote')),
      );
    }
    const positionsOf = (seat: Seat) => byCode.get(seat.specialty)![seat.locality]!;
    if (this.late.length === 0) {
      // Positions stay in typed arrays and the seats read them through views: no array of experts per seat.
      const lists = seats.map((seat) => this.view(positionsOf(seat)));
      return { lists, union: this.candidatesAt(this.union([...new Set(seats.map(positionsOf))])) };
    }
    // New experts waiting for a compaction are merged in as candidates (rare: a small side list).
    const merged = new Map<Int32Array, DrawCandidate[]>();
    const lists = seats.map((seat) => {
      const positions = positionsOf(seat);
      let list = merged.get(positions);
      if (!list) {
        const late = this.lateCandidates.filter(
          (c, k) =>
            holds(c, seat.specialty) &&
            localityOf(c.regionCode, prefix) === seat.locality &&
            firstViolation(this.late[k]!, prepared) === null,
        );
        list = mergeById(this.candidatesAt(positions), late);
        merged.set(positions, list);
      }
      return list;
    });
    const distinct = [...merged.values()];
    const union =
      distinct.length === 1
        ? distinct[0]!
        : [...new Map(distinct.flat().map((c) => [c.id, c])).values()].sort(byId);
    return { lists, union };
  }

  /**
   * Positions of the eligible experts under a code, ascending, split by locality in one pass (only the
   * localities asked for are kept); each expert judged once per query. Collected in a scratch buffer and
   * copied out at their exact size, so a draw allocates about what it keeps.
   */
  private eligibleByLocality(
    code: string,
    prepared: RuleContext,
    query: number,
    isLocal: (at: number) => boolean,
    wantLocal: boolean,
    wantRemote: boolean,
  ): Partial<Record<Locality, Int32Array>> {
    const posting = this.postings.get(code);
    if (!posting) return { local: new Int32Array(0), remote: new Int32Array(0) };
    const positions = this.sortedPositions(posting);
    const scratch = this.scratchFor(positions.length);
    const { judgedIn, verdict } = this;
    const stale = posting.stale;
    // Local positions fill the scratch from the front, remote ones from the back (so in reverse).
    let l = 0;
    let r = positions.length;
    for (let i = 0; i < positions.length; i++) {
      const at = positions[i]!;
      if (judgedIn[at] !== query) {
        judgedIn[at] = query;
        verdict[at] = this.passes(at, prepared, query) ? 1 : 0;
      }
      if (verdict[at] === 0) continue;
      if (stale && !holds(this.experts[at]!, code)) continue;
      if (isLocal(at)) {
        if (wantLocal) scratch[l++] = at;
      } else if (wantRemote) scratch[--r] = at;
    }
    const split: Partial<Record<Locality, Int32Array>> = {};
    if (wantLocal) split.local = scratch.slice(0, l);
    if (wantRemote) split.remote = scratch.slice(r, positions.length).reverse();
    return split;
  }

  /** The candidates at ascending positions, as the record's snapshot keeps them. */
  private candidatesAt(positions: Int32Array): DrawCandidate[] {
    const out = new Array<DrawCandidate>(positions.length);
    for (let i = 0; i < positions.length; i++) out[i] = this.candidates[positions[i]!]!;
    return out;
  }

  /** The index's scratch buffer, at least `size` long; its content is only valid until the next use. */
  private scratchFor(size: number): Int32Array {
    if (this.scratch.length < size) this.scratch = new Int32Array(Math.max(size, this.scratch.length * 2));
    return this.scratch;
  }

  /** A list of positions read as candidates. */
  private view(positions: Int32Array): CandidateList {
    const candidates = this.candidates;
    return {
      length: positions.length,
      at: (k) => (k >= 0 && k < positions.length ? candidates[positions[k]!] : undefined),
    };
  }

  /** Positions of the eligible experts under a code, ascending; each expert judged once per query. */
  private eligibleOf(code: string, prepared: RuleContext, query: number): Int32Array {
    // No locality split: every expert taken as local, so the local list is all of them, in order.
    return this.eligibleByLocality(code, prepared, query, () => true, true, false).local!;
  }

  /**
   * Whether the expert at `at` is local for the prefix: on the numeric region code when there is one (the
   * same answer as `regionCode.startsWith(prefix)` for 6 digits), so the expert's strings are not read.
   */
  private localTest(prefix: string): (at: number) => boolean {
    if (!/^\d{1,6}$/.test(prefix)) {
      return (at) => localityOf(this.candidates[at]!.regionCode, prefix) === 'local';
    }
    const scale = 10 ** (6 - prefix.length);
    const wanted = Number(prefix);
    return (at) => {
      const region = this.region[at]!;
      return region >= 0
        ? Math.floor(region / scale) === wanted
        : localityOf(this.candidates[at]!.regionCode, prefix) === 'local';
    };
  }

  /** Whether the expert at `at` passes every avoidance rule; the rules run for active suspects only. */
  private passes(at: number, prepared: RuleContext, query: number): boolean {
    const expert = this.experts[at];
    if (expert === undefined) return false;
    // An expert not active, or under the threshold, breaks a rule (suspended-or-removed, credit-below-
    // threshold): ineligible whichever rule comes first, so the rules need not run to say so.
    if (this.active[at] !== 1 || this.credit[at]! < prepared.draw.minCreditScore) return false;
    return this.suspectIn[at] !== query || firstViolation(expert, prepared) === null;
  }

  /** Stamps, for this query, every expert holding a value the draw's rules compare with. */
  private markSuspects(draw: DrawContext, query: number): void {
    const parties = [draw.tendereeUscc, ...(draw.agencyUscc === null ? [] : [draw.agencyUscc])];
    parties.push(...draw.bidderUsccs);
    const lists: (number[] | undefined)[] = [
      this.byValue.unavailable.get(draw.evaluationDate),
      this.byValue.recentFor.get(draw.tendereeUscc),
      draw.exclusions.flatMap((e) => {
        const at = this.position.get(e.expertId);
        return at === undefined ? [] : [at];
      }),
    ];
    for (const party of parties) {
      lists.push(this.byValue.employer.get(party), this.byValue.conflict.get(party));
    }
    for (const list of lists) {
      if (list) for (const at of list) this.suspectIn[at] = query;
    }
  }

  /** Records the expert's status, credit and compared values at its position (values are only added). */
  private note(expert: PoolExpert, at: number): void {
    this.active[at] = expert.status === 'active' ? 1 : 0;
    this.credit[at] = expert.creditScore;
    this.region[at] = SIX_DIGITS.test(expert.regionCode) ? Number(expert.regionCode) : -1;
    const add = (map: Map<string, number[]>, key: string) => {
      const list = map.get(key);
      if (!list) map.set(key, [at]);
      else if (list[list.length - 1] !== at) list.push(at);
    };
    if (expert.employerUscc !== null) add(this.byValue.employer, expert.employerUscc);
    for (const c of expert.conflicts) add(this.byValue.conflict, c.partyUscc);
    for (const day of expert.unavailableDates) add(this.byValue.unavailable, day);
    for (const d of expert.recentDraws) add(this.byValue.recentFor, d.tendereeUscc);
  }

  /** Sorted lists of positions merged into one, ascending, each position once. */
  private union(lists: readonly Int32Array[]): Int32Array {
    // An expert may be under more than one code (A0601 and A0402): merged pairwise, equal positions once,
    // in rounds of neighbours (a tree), so each position is copied about log2(lists) times, not once per list.
    let round = [...lists];
    if (round.length === 0) return new Int32Array(0);
    while (round.length > 1) {
      const next: Int32Array[] = [];
      for (let k = 0; k < round.length; k += 2) {
        next.push(k + 1 < round.length ? mergePositions(round[k]!, round[k + 1]!) : round[k]!);
      }
      round = next;
    }
    return round[0]!;
  }

  private nextQuery(): number {
    this.query = (this.query + 1) >>> 0;
    if (this.query === 0) {
      // Wrapped around after 4 billion queries: forget every stamp.
      this.judgedIn.fill(0);
      this.suspectIn.fill(0);
      this.query = 1;
    }
    return this.query;
  }

  private sortedPositions(posting: Posting): number[] {
    if (!posting.sorted) {
      // Upserts append out of order (and may repeat a position): restore order and uniqueness once.
      posting.positions = [...new Set(posting.positions)].sort((a, b) => a - b);
      posting.sorted = true;
    }
    return posting.positions;
  }

  private post(prefix: string, at: number): void {
    const posting = this.postings.get(prefix);
    if (!posting) {
      this.postings.set(prefix, { positions: [at], sorted: true, stale: false });
      return;
    }
    const list = posting.positions;
    if (list.length > 0 && list[list.length - 1]! >= at) posting.sorted = false;
    list.push(at);
  }

  private append(expert: PoolExpert): void {
    const at = this.experts.length;
    this.experts.push(expert);
    this.candidates.push(candidateOf(expert));
    this.position.set(expert.id, at);
    if (this.judgedIn.length <= at) {
      const size = Math.max(1024, this.judgedIn.length * 2);
      this.judgedIn = grow(this.judgedIn, size);
      this.suspectIn = grow(this.suspectIn, size);
      this.verdict = grow(this.verdict, size);
      this.active = grow(this.active, size);
      this.credit = grow(this.credit, size);
      this.region = grow(this.region, size);
    }
    this.note(expert, at);
    for (const prefix of prefixesOf(expert.specialties)) this.post(prefix, at);
  }

  private rebuild(experts: PoolExpert[]): void {
    experts.sort(byId);
    for (let i = 1; i < experts.length; i++) {
      if (experts[i - 1]!.id === experts[i]!.id)
        throw new Error(`Duplicate expert id in the pool: ${experts[i]!.id}`);
    }
    this.experts = [];
    this.candidates = [];
    this.position = new Map();
    this.postings = new Map();
    this.late = [];
    this.lateCandidates = [];
    this.removed = 0;
    this.replaced = 0;
    this.judgedIn = new Uint32Array(experts.length);
    this.suspectIn = new Uint32Array(experts.length);
    this.verdict = new Uint8Array(experts.length);
    this.active = new Uint8Array(experts.length);
    this.credit = new Float64Array(experts.length);
    this.region = new Int32Array(experts.length);
    this.byValue = { employer: new Map(), conflict: new Map(), unavailable: new Map(), recentFor: new Map() };
    this.query = 0;
    for (const expert of experts) this.append(expert);
  }

  /** Folds the side list in and drops removed slots: one sort, as when the index was built. */
  private compact(): void {
    this.rebuild(this.all());
  }

  /** How many late or removed experts the index carries before compacting: a small share of the pool. */
  private slack(): number {
    return Math.max(256, this.experts.length >>> 6);
  }

  private lastId(): string | null {
    for (let i = this.experts.length - 1; i >= 0; i--) {
      const expert = this.experts[i];
      if (expert) return expert.id;
    }
    return null;
  }

  private lateInsertionPoint(id: string): number {
    let lo = 0;
    let hi = this.late.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.late[mid]!.id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lateAt(id: string): number {
    const at = this.lateInsertionPoint(id);
    return this.late[at]?.id === id ? at : -1;
  }
}

const SIX_DIGITS = /^\d{6}$/;

const holds = (expert: { specialties: readonly string[] }, code: string) =>
  expert.specialties.some((held) => held.startsWith(code));

/** Two ascending lists of positions merged, a position in both kept once. */
function mergePositions(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x <= y) i++;
    if (y <= x) j++;
    out[n++] = x < y ? x : y;
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.subarray(0, n);
}

function grow<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(array: T, size: number): T {
  const grown = new (array.constructor as new (n: number) => T)(size);
  grown.set(array);
  return grown;
}

/** Each distinct prefix of the codes that a catalog code (a slot's) can equal. */
function prefixesOf(codes: readonly string[]): Set<string> {
  const prefixes = new Set<string>();
  for (const code of codes) {
    for (const length of PREFIX_LENGTHS) {
      if (code.length >= length) prefixes.add(code.slice(0, length));
    }
  }
  return prefixes;
}

/** Two lists in canonical order merged into one. */
function mergeById<T extends { id: string }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i]!.id < b[j]!.id ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
