import { CatalogError, type CatalogProblem } from '../errors.js';
import { readCsv } from './csv.js';
import {
  Catalog,
  CATEGORY_NAMES,
  isCatalogCode,
  levelOf,
  parentOf,
  type CatalogEntry,
  type Category,
} from './catalog.js';

/** The platform's short form: one row per code, the parent implied by the code. */
export const CATALOG_HEADER = ['code', 'level', 'name'] as const;

/**
 * The national classification as it is published (and as catalog.csv holds it): the parent spelled out, and
 * level-0 rows for the categories A, B and C themselves.
 */
export const NATIONAL_CATALOG_HEADER = ['code', 'name', 'parent', 'level'] as const;

/** Catalog files are small (the national classification is under 2,000 rows); refuse anything absurd. */
export const MAX_CATALOG_ROWS = 50_000;

type Columns = { code: string; level: string; name: string; parent?: string };

/**
 * Parses a catalog CSV, `code,level,name` or `code,name,parent,level`, into a Catalog. All or nothing: on any
 * problem it throws a CatalogError listing every line-numbered problem (bad code shape, level that does not
 * match the code, parent that does not match the code, duplicate code, parent code missing from the file,
 * missing name).
 */
export function parseCatalogCsv(text: string): Catalog {
  let rows;
  try {
    rows = readCsv(text);
  } catch (err) {
    throw new CatalogError([{ line: 0, message: (err as Error).message }]);
  }
  const [header, ...body] = rows;
  const headerText = header?.fields.map((f) => f.trim()).join(',');
  const national = headerText === NATIONAL_CATALOG_HEADER.join(',');
  if (!header || (!national && headerText !== CATALOG_HEADER.join(','))) {
    throw new CatalogError([
      {
        line: header?.line ?? 1,
        message: `header must be "${CATALOG_HEADER.join(',')}" or "${NATIONAL_CATALOG_HEADER.join(',')}"`,
      },
    ]);
  }
  if (body.length > MAX_CATALOG_ROWS) {
    throw new CatalogError([{ line: 0, message: `more than ${MAX_CATALOG_ROWS} rows` }]);
  }
  const width = national ? NATIONAL_CATALOG_HEADER.length : CATALOG_HEADER.length;

  const problems: CatalogProblem[] = [];
  const entries = new Map<string, CatalogEntry>();
  const lineOf = new Map<string, number>();
  const categories = new Set<string>();
  for (const { line, fields } of body) {
    const problem = (message: string) => problems.push({ line, message });
    if (fields.length !== width) {
      problem(`expected ${width} fields, found ${fields.length}`);
      continue;
    }
    const trimmed = fields.map((f) => f.trim());
    const { code, level, name, parent }: Columns = national
      ? { code: trimmed[0]!, name: trimmed[1]!, parent: trimmed[2]!, level: trimmed[3]! }
      : { code: trimmed[0]!, level: trimmed[1]!, name: trimmed[2]! };
    const earlier = lineOf.get(code);
    if (earlier !== undefined) {
      problem(`duplicate code ${code} (first on line ${earlier})`);
      continue;
    }
    if (national && level === '0') {
      // A category row: nothing to store (CATEGORY_NAMES has them), but a level-1 code needs its category.
      if (!Object.hasOwn(CATEGORY_NAMES, code)) problem(`bad category "${code}": A, B or C`);
      else if (parent !== '') problem(`category ${code} has a parent`);
      else {
        categories.add(code);
        lineOf.set(code, line);
      }
      continue;
    }
    if (!isCatalogCode(code)) {
      problem(`bad code "${code}": a letter A, B or C followed by 2, 4, 6 or 8 digits`);
      continue;
    }
    lineOf.set(code, line);
    if (String(levelOf(code)) !== level)
      problem(`level ${level} does not match code ${code} (level ${levelOf(code)})`);
    if (name === '') problem(`code ${code} has no name`);
    const expectedParent = parentOf(code) ?? code[0]!;
    if (parent !== undefined && parent !== expectedParent)
      problem(`parent ${parent} does not match code ${code} (parent ${expectedParent})`);
    entries.set(code, {
      code,
      level: levelOf(code),
      category: code[0] as Category,
      name,
      parent: parentOf(code),
    });
  }
  // Parents are checked after reading every row, so the file need not be sorted.
  for (const entry of entries.values()) {
    const parent = entry.parent ?? (national ? entry.category : null);
    if (parent !== null && !entries.has(parent) && !categories.has(parent)) {
      problems.push({
        line: lineOf.get(entry.code)!,
        message: `unknown parent ${parent} of ${entry.code}`,
      });
    }
  }
  if (problems.length > 0) throw new CatalogError(problems.sort((a, b) => a.line - b.line));
  return new Catalog(entries.values());
}
