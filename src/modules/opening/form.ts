import type { BidFormField } from '../tenders/index.js';

export type FormValue = string | number;

/**
 * Checks a decrypted bid form against the tender's bid form (EB Art.31: an unreadable bid form is the
 * bidder's). Returns the problems in plain words; none means the form can be read out.
 */
export function formProblems(fields: BidFormField[], form: Record<string, FormValue>): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const value = form[field.key];
    if (value === undefined || value === '') {
      if (field.required) problems.push(`${field.key} (${field.label}) is missing`);
      continue;
    }
    if (field.type === 'text') {
      if (typeof value !== 'string') problems.push(`${field.key} must be text`);
    } else if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      problems.push(`${field.key} must be a whole number${field.type === 'money' ? ' of fen' : ''}`);
    } else if (field.type === 'money' && value <= 0) {
      problems.push(`${field.key} must be a positive amount`);
    }
  }
  return problems;
}

/** The fields the tender marked to be read out (唱标), the price first. */
export function readOutValues(fields: BidFormField[], form: Record<string, FormValue>) {
  const values: Record<string, FormValue> = {};
  for (const f of fields) if (f.readOut && form[f.key] !== undefined) values[f.key] = form[f.key]!;
  return values;
}
