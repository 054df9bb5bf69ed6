import { sqlInstant } from '../../platform/db/sql-instant.js';
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
  /** Text on both engines (see readFeedRows); a Date if a driver ever hands one back. */
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
function regionCondition(prefix: string): { condition: string; values: string[] } {
  if (prefix.length === 6) return { condition: 'region_code = ?', values: [prefix] };
  const province = prefix.slice(0, 2);
  return prefix.length === 2
    ? { condition: 'region_province = ?', values: [province] }
    : {
        condition: `region_province = ? AND SUBSTR(region_code, 1, ${prefix.length}) = ?`,
        values: [province, prefix],
      };
}

/** A feed page's statement and its values, in the order of its `?` placeholders. */
export interface FeedStatement {
  sql: string;
  values: unknown[];
}

/**
 * One page of the feed (plus one entry, which says whether there is a next page) as one portable statement.
 * The inner SELECT finds the page's ids from the feed indexes alone (migrations 0005 and 0031: every filter
 * column is in them, so the entries a filter skips cost no row reads, and the walk in (date_modified, id) order
 * stops after the page); the outer one reads those rows by primary key. One statement instead of an ORM query
 * per step: the ORM's per-query work (on SQLite a PRAGMA table_info before every SELECT, the model instances)
 * cost more than the query itself. Values go in as positional `?` values, which the driver (or Sequelize)
 * escapes; instants as sqlInstant writes them. `FROM notices` is written unquoted on purpose: Sequelize's
 * SQLite driver reads a table's column types (one more statement) for any SELECT whose text has
 * FROM `<table>`, and this raw read does not use them.
 */
export function feedPageQuery(query: FeedQuery, dialect: string): FeedStatement {
  const at = (instant: Date) => sqlInstant(instant, dialect);
  const conditions: string[] = [];
  const values: unknown[] = [];
  const filter = (condition: string, ...given: unknown[]) => {
    conditions.push(condition);
    values.push(...given);
  };
  if (query.region) {
    const region = regionCondition(query.region);
    filter(region.condition, ...region.values);
  }
  if (query.category) filter('category = ?', query.category);
  if (query.status) filter('tender_status = ?', query.status);
  if (query.kind) filter('kind = ?', query.kind);
  if (query.from) filter('date_modified >= ?', at(query.from));
  if (query.to) filter('date_modified <= ?', at(query.to));
  // INSTR, as the parties search does: the text is matched literally on every engine, % and _ included.
  if (query.q) filter('INSTR(title, ?) > 0', query.q);
  if (query.cursor) {
    const key = decodeKeyset(query.cursor);
    const cursorAt = at(new Date(key.at));
    // `at <= k AND (at < k OR id < i)` rather than a bare OR, so both engines start the walk at k (a range on
    // the index's date_modified after its equality column).
    filter('date_modified <= ? AND (date_modified < ? OR id < ?)', cursorAt, cursorAt, key.id);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const sql =
    'SELECT n.id, n.tender_id, n.kind, n.title, n.region_code, n.category, n.tender_status, n.published_at, ' +
    'n.date_modified FROM (SELECT id, date_modified FROM notices ' +
    `${where} ORDER BY date_modified DESC, id DESC LIMIT ${query.limit + 1}) page ` +
    'JOIN notices n ON n.id = page.id ORDER BY page.date_modified DESC, page.id DESC';
  return { sql, values };
}

/**
 * An instant as the feed reads it back in UTC: Sequelize's SQLite text (`2026-01-05 02:00:00.000 +00:00`) or a
 * MySQL DATETIME(3) as text (`2026-01-05 02:00:00.000`; Sequelize's MySQL connections run at +00:00, so the
 * column holds UTC).
 */
const UTC_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})(?: \+00:00)?$/;

/** An instant read back raw, as ISO 8601 UTC: the common texts by slicing, anything else via Date. */
export function isoInstant(value: string | Date): string {
  if (typeof value === 'string') {
    const utc = UTC_TEXT.exec(value);
    if (utc) return `${utc[1]}T${utc[2]}Z`;
  }
  return new Date(value).toISOString();
}
