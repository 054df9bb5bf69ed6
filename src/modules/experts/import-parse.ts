import { parse } from 'csv-parse/sync';
import type { Catalog } from '../../../expert-pool/index.js';
import { expertInput, type ExpertInput } from './schemas.js';

/** One problem of an import file. `line` is the CSV line (the header is line 1), or the JSON record's number. */
export interface ImportProblem {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

export interface ImportRow {
  line: number;
  input: ExpertInput;
}

/** Far beyond any province's pool; a larger file is split. */
export const MAX_IMPORT_ROWS = 20_000;

export const CSV_COLUMNS = [
  'name',
  'idNumber',
  'employerUscc',
  'employerName',
  'regionCode',
  'title',
  'yearsOfPractice',
  'specialties',
  'phone',
] as const;
const REQUIRED = ['name', 'idNumber', 'regionCode', 'title', 'yearsOfPractice', 'specialties', 'phone'];

const problem = (line: number, field: string | null, code: string, message: string): ImportProblem => ({
  line,
  field,
  code,
  message,
});

/** CSV text into raw records with their line numbers; specialties are separated by ; in their cell. */
export function readExpertCsv(text: string): {
  records: { line: number; raw: unknown }[];
  problems: ImportProblem[];
} {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    return { records: [], problems: [problem(line, null, 'CSV_MALFORMED', (err as Error).message)] };
  }
  const [header, ...body] = rows;
  if (!header) return { records: [], problems: [problem(1, null, 'CSV_EMPTY', 'the file is empty')] };
  const columns = header.record;
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const message = [
      unknown.length > 0 && `unknown columns: ${unknown.join(', ')}`,
      missing.length > 0 && `missing columns: ${missing.join(', ')}`,
    ]
      .filter(Boolean)
      .join('; ');
    return {
      records: [],
      problems: [problem(1, null, 'CSV_HEADER', `${message} (columns: ${CSV_COLUMNS.join(',')})`)],
    };
  }
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      records: [],
      problems: [problem(0, null, 'TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} experts a file`)],
    };
  }
  const problems: ImportProblem[] = [];
  const records = body.flatMap(({ record, info }) => {
    if (record.length !== columns.length) {
      problems.push(
        problem(info.lines, null, 'CSV_COLUMNS', `expected ${columns.length} fields, found ${record.length}`),
      );
      return [];
    }
    const raw: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record[i]!;
      if (cell === '') return;
      raw[column] =
        column === 'specialties'
          ? cell
              .split(/[;；]/)
              .map((s) => s.trim())
              .filter(Boolean)
          : cell;
    });
    return [{ line: info.lines, raw }];
  });
  return { records, problems };
}

/** A JSON array of expert objects; `line` is the record's 1-based position. */
export function readExpertJson(body: unknown): {
  records: { line: number; raw: unknown }[];
  problems: ImportProblem[];
} {
  if (!Array.isArray(body))
    return { records: [], problems: [problem(0, null, 'JSON_NOT_ARRAY', 'send an array of experts')] };
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      records: [],
      problems: [problem(0, null, 'TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} experts a file`)],
    };
  }
  return { records: body.map((raw, i) => ({ line: i + 1, raw })), problems: [] };
}

/**
 * Validates each record (fields, ID number checksum, catalog codes) and finds the same person twice in one
 * file; every problem is reported, so a file is fixed in one round.
 */
export function validateRecords(
  records: { line: number; raw: unknown }[],
  catalog: Catalog,
): { rows: ImportRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rows: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, raw } of records) {
    const parsed = expertInput.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // zod's message for a bad ID number never repeats the value, so nothing personal reaches the report.
        problems.push(problem(line, issue.path.join('.') || null, 'INVALID_FIELD', issue.message));
      }
      continue;
    }
    const input = parsed.data;
    const unknown = input.specialties.filter((code) => !catalog.has(code));
    if (unknown.length > 0) {
      problems.push(
        problem(line, 'specialties', 'UNKNOWN_SPECIALTY', `not in the catalog: ${unknown.join(', ')}`),
      );
      continue;
    }
    const earlier = firstLine.get(input.idNumber);
    if (earlier !== undefined) {
      problems.push(problem(line, 'idNumber', 'DUPLICATE_IN_FILE', `the same ID number as line ${earlier}`));
      continue;
    }
    firstLine.set(input.idNumber, line);
    rows.push({ line, input: { ...input, specialties: [...new Set(input.specialties)] } });
  }
  return { rows, problems };
}
