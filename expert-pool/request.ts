import type { Catalog } from './catalog/catalog.js';
import { DrawRequestError } from './errors.js';
import type { DrawRequest } from './types.js';

/** Limits that keep a request, its digest and its record small; routes should enforce the same. */
export const DRAW_LIMITS = {
  maxSlots: 20,
  maxPerSlot: 50,
  maxExclusions: 1000,
  maxTextLength: 500,
} as const;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const REGION_PREFIX = /^\d{2}(?:\d{2}){0,2}$/;

export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d; // rejects 2026-02-30
}

/** Every problem with a request, or [] when it is well formed and its specialties are in the catalog. */
export function drawRequestProblems(request: DrawRequest, catalog: Catalog): string[] {
  const problems: string[] = [];
  const text = (value: unknown, what: string) => {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${what} is required`);
    else if (value.length > DRAW_LIMITS.maxTextLength) problems.push(`${what} is too long`);
  };
  text(request.sectionId, 'sectionId');
  text(request.place, 'place');
  if (typeof request.localRegionPrefix !== 'string' || !REGION_PREFIX.test(request.localRegionPrefix)) {
    problems.push('localRegionPrefix must be 2, 4 or 6 digits of a GB/T 2260 code');
  }
  if (typeof request.evaluationDate !== 'string' || !isCalendarDate(request.evaluationDate)) {
    problems.push('evaluationDate must be a YYYY-MM-DD date');
  }
  if (!Array.isArray(request.slots) || request.slots.length === 0)
    problems.push('at least one slot is required');
  else if (request.slots.length > DRAW_LIMITS.maxSlots)
    problems.push(`at most ${DRAW_LIMITS.maxSlots} slots`);
  else {
    request.slots.forEach((slot, i) => {
      const at = `slots[${i}]`;
      if (!catalog.has(slot.specialty)) problems.push(`${at}: unknown specialty ${String(slot.specialty)}`);
      if (!Number.isInteger(slot.count) || slot.count < 1 || slot.count > DRAW_LIMITS.maxPerSlot) {
        problems.push(`${at}: count must be an integer from 1 to ${DRAW_LIMITS.maxPerSlot}`);
      } else if (!Number.isInteger(slot.remote) || slot.remote < 0 || slot.remote > slot.count) {
        problems.push(`${at}: remote must be an integer from 0 to count`);
      }
    });
  }
  if (!Array.isArray(request.exclusions)) problems.push('exclusions must be a list');
  else if (request.exclusions.length > DRAW_LIMITS.maxExclusions) problems.push('too many exclusions');
  else {
    request.exclusions.forEach((e, i) => {
      text(e.expertId, `exclusions[${i}].expertId`);
      text(e.reason, `exclusions[${i}].reason`);
    });
  }
  return problems;
}

export function assertDrawRequest(request: DrawRequest, catalog: Catalog): void {
  const problems = drawRequestProblems(request, catalog);
  if (problems.length > 0) throw new DrawRequestError(problems);
}
