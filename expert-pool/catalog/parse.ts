import { CatalogError, type CatalogProblem } from '../errors.js';
import { readCsv } from './csv.js';
import { Catalog, isCatalogCode, levelOf, parentOf, type CatalogEntry, type Category } from './catalog.js';

/** The header every catalog CSV starts with. */
export const CATALOG_HEADER = ['code', 'level', 'name'] as const;

/** Catalog files are small (the full 316号 catalog is a few thousand rows); refuse anything absurd. */
export const MAX_CATALOG_ROWS = 50_000;

/**
 * Parses `code,level,name` CSV into a Catalog. All or nothing: on any problem it throws a CatalogError
 * listing every line-numbered problem (bad code shape, level that does not match the code, duplicate code,
 * parent code missing from the file, missing name).
 */
export function parseCatalogCsv(text: string): Catalog {
  let rows;
  try {
    rows = readCsv(text);
  } catch (err) {
    throw new CatalogError([{ line: 0, message: (err as Error).message }]);
  }
  const [header, ...body] = rows;
  if (!header || header.fields.map((f) => f.trim()).join(',') !== CATALOG_HEADER.join(',')) {
    throw new CatalogError([
      { line: header?.line ?? 1, message: `header must be "${CATALOG_HEADER.join(',')}"` },
    ]);
  }
  if (body.length > MAX_CATALOG_ROWS) {
    throw new CatalogError([{ line: 0, message: `more than ${MAX_CATALOG_ROWS} rows` }]);
  }

  const problems: CatalogProblem[] = [];
  const entries = new Map<string, CatalogEntry>();
  const lineOf = new Map<string, number>();
  for (const { line, fields } of body) {
    const problem = (message: string) => problems.push({ line, message });
    if (fields.length !== 3) {
      problem(`expected 3 fields, found ${fields.length}`);
      continue;
    }
    const [code, level, name] = fields.map((f) => f.trim()) as [string, string, string];
    if (!isCatalogCode(code)) {
      problem(`bad code "${code}": a letter A, B or C followed by 2, 4, 6 or 8 digits`);
      continue;
    }
    if (String(levelOf(code)) !== level)
      problem(`level ${level} does not match code ${code} (level ${levelOf(code)})`);
    if (name === '') problem(`code ${code} has no name`);
    const earlier = lineOf.get(code);
    if (earlier !== undefined) problem(`duplicate code ${code} (first on line ${earlier})`);
    else lineOf.set(code, line);
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
    if (entry.parent !== null && !entries.has(entry.parent)) {
      problems.push({
        line: lineOf.get(entry.code)!,
        message: `unknown parent ${entry.parent} of ${entry.code}`,
      });
    }
  }
  if (problems.length > 0) throw new CatalogError(problems.sort((a, b) => a.line - b.line));
  return new Catalog(entries.values());
}
