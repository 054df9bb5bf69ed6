import type { Catalog } from './catalog/catalog.js';
import { assertDrawRequest } from './request.js';
import { drawSeats, redrawSeat, seatOfMember } from './draw.js';
import { seatCandidates, seatsOf, type CandidateSource } from './seats.js';
import { commitment, drawSeed, isEntropy, requestDigest } from './seed.js';
import type { DrawCandidate, DrawnMember, DrawRecord, DrawRequest } from './types.js';

// Builds the DrawRecord step by step. The record is what gets stored, shown to the supervisor and, once the
// secret is revealed, published: it carries everything verifyDraw needs, including a snapshot of the
// candidates each step drew from, so the draw can be re-run without the database.

/** What the draw reads of each candidate (no names, employers or conflicts), in canonical order. */
export function snapshotOf(union: readonly DrawCandidate[]): DrawCandidate[] {
  // The specialties array is shared with the pool entry, not copied: records are treated as immutable data.
  return union.map((c) => ({ id: c.id, regionCode: c.regionCode, specialties: c.specialties }));
}

export interface StartDrawInput {
  request: DrawRequest;
  /** The sealed secret (newDrawSecret()); its commitment must have been published already. */
  secret: string;
  /** Supervisor entropy as lowercase hex; '' when none. */
  entropy: string;
  /** Eligible experts (after `eligibility`), or their candidates from an index (DrawIndex.source(ctx)). */
  pool: readonly DrawCandidate[] | CandidateSource;
  catalog: Catalog;
}

/** Runs the initial draw and returns its record, secret withheld (null) until revealSecret. */
export function startDraw({ request, secret, entropy, pool, catalog }: StartDrawInput): DrawRecord {
  if (!isEntropy(entropy)) throw new Error('Entropy must be lowercase hex, at most 64 bytes');
  assertDrawRequest(request, catalog);
  const digest = requestDigest(request);
  const seats = seatsOf(request);
  const { candidates, bare } = seatCandidates(seats, pool, request.localRegionPrefix);
  const { lists, union } = candidates;
  const selected = drawSeats(drawSeed(secret, entropy, digest), seats, lists);
  return {
    version: 1,
    request,
    requestDigest: digest,
    commitment: commitment(secret),
    entropy,
    secret: null,
    steps: [{ kind: 'initial', eligible: bare ? union : snapshotOf(union), selected }],
  };
}

/** The committee as it stands: initial members with every replacement applied, in seat order. */
export function seatedMembers(record: DrawRecord): DrawnMember[] {
  const members = [...(record.steps[0]?.selected ?? [])];
  for (const step of record.steps.slice(1)) {
    const at = members.findIndex((m) => m.expertId === step.replaces);
    if (at >= 0 && step.selected[0]) members[at] = step.selected[0];
  }
  return members;
}

/** Everyone drawn in any step, declined and replaced members included. */
export function everyoneDrawn(record: DrawRecord): Set<string> {
  return new Set(record.steps.flatMap((s) => s.selected.map((m) => m.expertId)));
}

export interface ReplaceMemberInput {
  secret: string;
  /** Expert id of the seated member who declined or did not answer in time. */
  replaces: string;
  /**
   * Eligible experts now (re-run `eligibility` first: availability may have changed), or their candidates
   * from an index (DrawIndex.source(ctx), with the context of now).
   */
  pool: readonly DrawCandidate[] | CandidateSource;
  /** Unused since the request was checked by startDraw; kept so callers pass the same inputs everywhere. */
  catalog?: Catalog;
}

/** Draws a replacement (redraw i = number of earlier redraws + 1) and appends the step to a new record. */
export function replaceMember(
  record: DrawRecord,
  { secret, replaces, pool }: ReplaceMemberInput,
): { record: DrawRecord; member: DrawnMember } {
  if (commitment(secret) !== record.commitment) throw new Error('The secret does not match the commitment');
  const replaced = seatedMembers(record).find((m) => m.expertId === replaces);
  if (!replaced) throw new Error(`Expert ${replaces} is not a seated member of this draw`);
  const { request } = record;
  const seat = seatOfMember(request, replaced);
  const { candidates, bare } = seatCandidates([seat], pool, request.localRegionPrefix);
  const { lists, union } = candidates;
  const list = lists[0]!;
  const seed = drawSeed(secret, record.entropy, record.requestDigest);
  const member = redrawSeat(seed, record.steps.length, seat, list, everyoneDrawn(record));
  const step = {
    kind: 'redraw' as const,
    replaces,
    eligible: bare ? union : snapshotOf(union),
    selected: [member],
  };
  return { record: { ...record, steps: [...record.steps, step] }, member };
}

/** Publishes the secret once the result is announced; refuses a secret that does not match. */
export function revealSecret(record: DrawRecord, secret: string): DrawRecord {
  if (commitment(secret) !== record.commitment) throw new Error('The secret does not match the commitment');
  return { ...record, secret };
}
