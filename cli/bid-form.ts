// Checks the bid form (投标函 data) against the tender's form before anything is sealed: once sealed,
// nobody can look inside until the opening, so a missing price found then makes the bid void.
import type { BidFormField, TenderSection } from './tender.js';

export type FormValue = string | number;

/** Every problem at once, so the bidder fixes the form in one go. Empty when the form is good. */
export function bidFormProblems(
  fields: BidFormField[],
  section: Pick<TenderSection, 'maxPriceFen' | 'code'>,
  form: unknown,
): string[] {
  if (typeof form !== 'object' || form === null || Array.isArray(form)) {
    return ['The form must be a JSON object of field key → value, e.g. {"price": 12345600}'];
  }
  const values = form as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key))
      problems.push(`"${key}" is not a field of this tender's bid form (fields: ${[...known].join(', ')})`);
  }
  for (const field of fields) {
    const value = values[field.key];
    const name = `"${field.key}" (${field.label})`;
    if (value === undefined || value === null || value === '') {
      if (field.required) problems.push(`${name} is required`);
      continue;
    }
    if (field.type === 'text') {
      if (typeof value !== 'string') problems.push(`${name} must be text`);
      else if (value.length > 20_000) problems.push(`${name} is longer than 20,000 characters`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      problems.push(
        field.type === 'money'
          ? `${name} must be a whole number of fen (分; 1 元 = 100 fen), e.g. 12345600 for 123,456.00 元`
          : `${name} must be a whole number`,
      );
      continue;
    }
    if (value < 0) problems.push(`${name} cannot be negative`);
    if (field.key === 'price' && value === 0) problems.push(`${name} cannot be zero`);
    // A price above the ceiling (最高投标限价) is rejected at evaluation (Regulations Art.51).
    if (field.key === 'price' && section.maxPriceFen !== null && value > section.maxPriceFen) {
      problems.push(
        `${name} ${value} fen is above section ${section.code}'s maximum price of ${section.maxPriceFen} fen`,
      );
    }
  }
  return problems;
}

/** The form as the bid package stores it: only the tender's fields, in the tender's order. */
export function normaliseForm(
  fields: BidFormField[],
  form: Record<string, unknown>,
): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const field of fields) {
    const value = form[field.key];
    if (typeof value === 'string' || typeof value === 'number') {
      if (value !== '') out[field.key] = value;
    }
  }
  return out;
}
