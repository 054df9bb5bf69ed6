import type { Release } from './release.js';

/**
 * The compiled release of a record: the releases merged in date order by the OCDS merge routine
 * (https://standard.open-contracting.org/1.1/en/schema/merging/), in the subset our releases need:
 * - a later value replaces an earlier one; a null removes the field;
 * - objects merge field by field;
 * - arrays of objects that all have an `id` merge item by item on that id (new ids are appended, ids that a
 *   later release leaves out stay), so tender.amendments, lots, parties and documents accumulate;
 * - any other array (tag, roles, submissionMethod, ...) is replaced whole;
 * - the release-level id, date and tag are omitted when merged ("omitWhenMerged") and set for the compiled
 *   release itself: tag ["compiled"], the latest date, and an id made of the ocid and that date.
 * Not implemented, because no release of ours uses them: versioned releases and wholeListMerge on objects.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasIds = (items: Json[]): items is JsonObject[] =>
  items.length > 0 &&
  items.every((item) => isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number'));

function mergeById(earlier: Json[] | undefined, later: JsonObject[]): Json[] {
  const merged = (earlier ?? []).filter(isObject).map((item) => ({ ...item }));
  for (const item of later) {
    const at = merged.findIndex((m) => String(m.id) === String(item.id));
    if (at >= 0) merged[at] = mergeObject(merged[at]!, item);
    else merged.push(mergeObject({}, item));
  }
  return merged;
}

function mergeValue(earlier: Json | undefined, later: Json): Json {
  if (Array.isArray(later))
    return hasIds(later) ? mergeById(Array.isArray(earlier) ? earlier : undefined, later) : later;
  if (isObject(later)) return mergeObject(isObject(earlier) ? earlier : {}, later);
  return later;
}

function mergeObject(earlier: JsonObject, later: JsonObject): JsonObject {
  const merged: JsonObject = { ...earlier };
  for (const [key, value] of Object.entries(later)) {
    if (value === null) delete merged[key];
    else merged[key] = mergeValue(merged[key], value);
  }
  return merged;
}

const OMIT_WHEN_MERGED = new Set(['id', 'date', 'tag']);

export function compileReleases(releases: Release[]): Release {
  const last = releases[releases.length - 1];
  if (!last) throw new Error('a record needs at least one release');
  let compiled: JsonObject = {};
  for (const release of releases) {
    const fields = Object.fromEntries(Object.entries(release).filter(([key]) => !OMIT_WHEN_MERGED.has(key)));
    compiled = mergeObject(compiled, JSON.parse(JSON.stringify(fields)) as JsonObject);
  }
  return {
    ...compiled,
    ocid: last.ocid,
    id: `${last.ocid}-${last.date}`,
    date: last.date,
    tag: ['compiled'],
    initiationType: 'tender',
  };
}
