import { decodeKeyset } from '../../platform/http/keyset.js';
import type { FeedQuery } from './schemas.js';

/** The columns a feed entry shows: everything but the body. */
export interface FeedRow {
  id: string;
  tender_id: string;
  kind: string;
  title: string;
  region_code: string;
  category: string;
  tender_status: string;
  /** SQLite hands dates back as text, MySQL as Date. */
  published_at: string | Date;
  date_modified: string | Date;
}

/**
 * A GB/T 2260 region filter on the fixed-width code. A full code is an equality, which the region index serves
 * in date order. A province is an equality on region_province (migration 0031: the code's first 2 digits, a
 * generated column leading its own feed index), walked in date order with the other filters checked in the
 * index; a city is its province plus a check of the code's first 4 digits (SUBSTR, on SQLite and MySQL alike)
 * along that walk. No prefix is a range on the region index: an engine would range-scan it and sort a whole
 * province, where the walk stops after one page.
 */
function regionCondition(prefix: string, replacements: Record<string, unknown>): string {
  if (prefix.length === 6) return 'region_code = :region';
  replacements.province = prefix.slice(0, 2);
  return prefix.length === 2
    ? 'region_province = :province'
    : `region_province = :province AND SUBSTR(region_code, 1, ${prefix.length}) = :region`;
}

/**
 * One page of the feed (plus one entry, which says whether there is a next page) as one portable statement.
 * The inner SELECT finds the page's ids from the feed indexes alone (migration 0005: every filter column is in
 * them, so the entries a filter skips cost no row reads, and the walk in (date_modified, id) order stops after
 * the page); the outer one reads those rows by primary key. One statement instead of an ORM query per step:
 * the ORM's per-query work (on SQLite a PRAGMA table_info before every SELECT, the model instances) cost more
 * than the query itself. Values go in as named replacements, which Sequelize escapes; instants as sqlInstant
 * writes them. `FROM notices` is written unquoted on purpose: Sequelize's SQLite driver reads a
 * table's column types (one more statement) for any SELECT whose text has FROM `<table>`, and this raw
 * read does not use them.
 */
export function feedPageQuery(
  query: FeedQuery,
  dialect: string,
): { sql: string; replacements: Record<string, unknown> } {
  const at = (instant: Date) => sqlInstant(instant, dialect);
  const conditions: string[] = [];
  const replacements: Record<string, unknown> = {};
  const filter = (name: string, value: unknown, condition: string) => {
    replacements[name] = value;
    conditions.push(condition);
  };
  if (query.region) filter('region', query.region, regionCondition(query.region, replacements));
  if (query.category) filter('category', query.category, 'category = :category');
  if (query.status) filter('status', query.status, 'tender_status = :status');
  if (query.kind) filter('kind', query.kind, 'kind = :kind');
  if (query.from) filter('from', at(query.from), 'date_modified >= :from');
  if (query.to) filter('to', at(query.to), 'date_modified <= :to');
  // INSTR, as the parties search does: the text is matched literally on every engine, % and _ included.
  if (query.q) filter('q', query.q, 'INSTR(title, :q) > 0');
  if (query.cursor) {
    const key = decodeKeyset(query.cursor);
    replacements.cursorId = key.id;
    // `at <= k AND (at < k OR id < i)` rather than a bare OR, so both engines start the walk at k.
    filter(
      'cursorAt',
      at(new Date(key.at)),
      'date_modified <= :cursorAt AND (date_modified < :cursorAt OR id < :cursorId)',
    );
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const sql =
    'SELECT n.id, n.tender_id, n.kind, n.title, n.region_code, n.category, n.tender_status, n.published_at, ' +
    'n.date_modified FROM (SELECT id, date_modified FROM notices ' +
    `${where} ORDER BY date_modified DESC, id DESC LIMIT ${query.limit + 1}) page ` +
    'JOIN notices n ON n.id = page.id ORDER BY page.date_modified DESC, page.id DESC';
  return { sql, replacements };
}

/**
 * An instant as the column holds it, for a comparison: on SQLite the very text Sequelize writes (the column
 * is compared as text), on MySQL a DATETIME(3) literal. Written here because Sequelize's escaping of a bare
 * Date for MySQL drops the milliseconds, and a cursor inside a run of equal dateModified would skip entries.
 */
export function sqlInstant(instant: Date, dialect: string): string {
  const iso = instant.toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}

/** How Sequelize writes an instant on SQLite: `2026-01-05 02:00:00.000 +00:00`. */
const SQLITE_UTC = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \+00:00$/;

/** An instant read back raw, as ISO 8601 UTC: the common SQLite text by slicing, anything else via Date. */
export function isoInstant(value: string | Date): string {
  if (typeof value === 'string') {
    const utc = SQLITE_UTC.exec(value);
    if (utc) return `${utc[1]}T${utc[2]}Z`;
  }
  return new Date(value).toISOString();
}
