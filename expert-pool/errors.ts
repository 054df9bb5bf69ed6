import type { Shortfall } from './types.js';

/** Too few eligible experts for one or more slots; `shortfalls` names every short (specialty, locality). */
export class DrawShortfallError extends Error {
  override readonly name = 'DrawShortfallError';
  constructor(readonly shortfalls: Shortfall[]) {
    super(
      'Not enough eligible experts: ' +
        shortfalls
          .map((s) => `${s.specialty} ${s.locality}: needed ${s.needed}, available ${s.available}`)
          .join('; '),
    );
  }
}

/** A malformed draw request; `problems` lists every problem found. */
export class DrawRequestError extends Error {
  override readonly name = 'DrawRequestError';
  constructor(readonly problems: string[]) {
    super(`Invalid draw request: ${problems.join('; ')}`);
  }
}

export interface CatalogProblem {
  /** 1-based line number in the CSV text. */
  line: number;
  message: string;
}

/** A catalog CSV was refused as a whole; `problems` carries every line-numbered problem. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  constructor(readonly problems: CatalogProblem[]) {
    super(`Invalid catalog: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
  }
}
