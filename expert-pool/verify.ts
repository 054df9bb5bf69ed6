import type { Catalog } from './catalog/catalog.js';
import { defaultCatalog } from './catalog/default.js';
import { redraw, runDraw } from './draw.js';
import { commitment, drawSeed, isDrawSecret, isEntropy, requestDigest } from './seed.js';
import type { DrawnMember, DrawRecord, DrawStep, DrawVerdict } from './types.js';

/**
 * Re-runs a revealed draw from its record alone: the request digest, the commitment to the secret, the seed,
 * the initial draw over the initial step's eligible snapshot and every redraw in the chain. Any difference
 * is reported; nothing throws for a bad record.
 */
export function verifyDraw(record: DrawRecord, catalog: Catalog = defaultCatalog): DrawVerdict {
  const problems: string[] = [];
  try {
    checkRecord(record, catalog, problems);
  } catch (err) {
    problems.push(`the record could not be re-run: ${(err as Error).message}`);
  }
  return { ok: problems.length === 0, problems };
}

/** For the CLI and uploads: parses JSON text, then verifies. */
export function verifyDrawJson(text: string, catalog: Catalog = defaultCatalog): DrawVerdict {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not JSON: ${(err as Error).message}`] };
  }
  const shape = shapeProblems(record);
  if (shape.length > 0) return { ok: false, problems: shape };
  return verifyDraw(record as DrawRecord, catalog);
}

function checkRecord(record: DrawRecord, catalog: Catalog, problems: string[]): void {
  const digest = requestDigest(record.request);
  if (digest !== record.requestDigest) problems.push('requestDigest does not match the request');
  if (record.secret === null) {
    problems.push('the secret has not been revealed yet');
    return;
  }
  if (!isDrawSecret(record.secret)) return void problems.push('secret must be 64 lowercase hex digits');
  if (commitment(record.secret) !== record.commitment)
    problems.push('the secret does not match the commitment');
  if (!isEntropy(record.entropy))
    return void problems.push('entropy must be lowercase hex, at most 64 bytes');
  const seed = drawSeed(record.secret, record.entropy, digest);

  const [initial, ...redraws] = record.steps;
  if (!initial || initial.kind !== 'initial')
    return void problems.push('the first step must be the initial draw');
  const expected = runDraw({ seed, request: record.request, pool: initial.eligible, catalog });
  compare('initial draw', expected, initial.selected, problems);

  let seated = [...expected];
  const drawn = new Set(expected.map((m) => m.expertId));
  redraws.forEach((step, k) => {
    const label = `redraw ${k + 1}`;
    if (step.kind !== 'redraw') return void problems.push(`${label}: expected kind "redraw"`);
    const at = seated.findIndex((m) => m.expertId === step.replaces);
    if (at < 0) return void problems.push(`${label}: ${String(step.replaces)} was not a seated member`);
    const member = redraw({
      seed,
      index: k + 1,
      request: record.request,
      replaces: seated[at]!,
      pool: step.eligible,
      alreadyDrawn: drawn,
      catalog,
    });
    compare(label, [member], step.selected, problems);
    drawn.add(member.expertId);
    seated = seated.map((m, i) => (i === at ? member : m));
  });
}

function compare(label: string, expected: DrawnMember[], recorded: DrawnMember[], problems: string[]): void {
  const show = (ms: DrawnMember[]) => ms.map((m) => `${m.expertId}@${m.slot}/${m.locality}`).join(', ');
  if (show(expected) !== show(recorded)) {
    problems.push(`${label}: the record says [${show(recorded)}], re-running gives [${show(expected)}]`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enough structure for verifyDraw to walk the record; deeper checks happen while re-running it. */
function shapeProblems(value: unknown): string[] {
  if (!isObject(value)) return ['a draw record must be a JSON object'];
  const problems: string[] = [];
  if (value.version !== 1) problems.push('unsupported record version');
  if (!isObject(value.request) || !Array.isArray(value.request.slots)) problems.push('request is missing');
  for (const key of ['requestDigest', 'commitment', 'entropy'] as const) {
    if (typeof value[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (value.secret !== null && typeof value.secret !== 'string')
    problems.push('secret must be a string or null');
  if (!Array.isArray(value.steps)) problems.push('steps must be a list');
  else {
    (value.steps as unknown[]).forEach((step, i) => {
      const s = step as Partial<DrawStep>;
      if (!isObject(step) || !Array.isArray(s.eligible) || !Array.isArray(s.selected)) {
        problems.push(`steps[${i}] needs eligible and selected lists`);
      }
    });
  }
  return problems;
}
