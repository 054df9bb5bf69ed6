import type { Catalog } from './catalog/catalog.js';
import { candidatesBySeat, redraw, runDraw, seatsOf, type Seat } from './draw.js';
import { commitment, drawSeed, isEntropy, requestDigest } from './seed.js';
import type { DrawCandidate, DrawnMember, DrawRecord, DrawRequest } from './types.js';

// Builds the DrawRecord step by step. The record is what gets stored, shown to the supervisor and, once the
// secret is revealed, published: it carries everything verifyDraw needs, including a snapshot of the
// candidates each step drew from, so the draw can be re-run without the database.

/** The eligible experts that could fill any seat, trimmed to what the draw reads, in id order. */
export function snapshotFor(
  seats: readonly Seat[],
  pool: readonly DrawCandidate[],
  prefix: string,
): DrawCandidate[] {
  const byId = new Map<string, DrawCandidate>();
  for (const list of candidatesBySeat(seats, pool, prefix)) {
    for (const c of list)
      byId.set(c.id, { id: c.id, regionCode: c.regionCode, specialties: [...c.specialties] });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface StartDrawInput {
  request: DrawRequest;
  /** The sealed secret (newDrawSecret()); its commitment must have been published already. */
  secret: string;
  /** Supervisor entropy as lowercase hex; '' when none. */
  entropy: string;
  /** Eligible experts (after `eligibility`). */
  pool: readonly DrawCandidate[];
  catalog: Catalog;
}

/** Runs the initial draw and returns its record, secret withheld (null) until revealSecret. */
export function startDraw({ request, secret, entropy, pool, catalog }: StartDrawInput): DrawRecord {
  if (!isEntropy(entropy)) throw new Error('Entropy must be lowercase hex, at most 64 bytes');
  const digest = requestDigest(request);
  const selected = runDraw({ seed: drawSeed(secret, entropy, digest), request, pool, catalog });
  return {
    version: 1,
    request,
    requestDigest: digest,
    commitment: commitment(secret),
    entropy,
    secret: null,
    steps: [
      { kind: 'initial', eligible: snapshotFor(seatsOf(request), pool, request.localRegionPrefix), selected },
    ],
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
  /** Eligible experts now (re-run `eligibility` first: availability may have changed). */
  pool: readonly DrawCandidate[];
  catalog: Catalog;
}

/** Draws a replacement (redraw i = number of earlier redraws + 1) and appends the step to a new record. */
export function replaceMember(
  record: DrawRecord,
  { secret, replaces, pool, catalog }: ReplaceMemberInput,
): { record: DrawRecord; member: DrawnMember } {
  if (commitment(secret) !== record.commitment) throw new Error('The secret does not match the commitment');
  const replaced = seatedMembers(record).find((m) => m.expertId === replaces);
  if (!replaced) throw new Error(`Expert ${replaces} is not a seated member of this draw`);
  const { request } = record;
  const member = redraw({
    seed: drawSeed(secret, record.entropy, record.requestDigest),
    index: record.steps.length,
    request,
    replaces: replaced,
    pool,
    alreadyDrawn: everyoneDrawn(record),
    catalog,
  });
  const slot = request.slots[replaced.slot]!;
  const seat: Seat = {
    slot: replaced.slot,
    specialty: slot.specialty,
    locality: replaced.locality,
    count: 1,
  };
  const eligible = snapshotFor([seat], pool, request.localRegionPrefix);
  const step = { kind: 'redraw' as const, replaces, eligible, selected: [member] };
  return { record: { ...record, steps: [...record.steps, step] }, member };
}

/** Publishes the secret once the result is announced; refuses a secret that does not match. */
export function revealSecret(record: DrawRecord, secret: string): DrawRecord {
  if (commitment(secret) !== record.commitment) throw new Error('The secret does not match the commitment');
  return { ...record, secret };
}
