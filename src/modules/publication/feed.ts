import { col, fn, Op, where as sqlWhere, type WhereOptions } from 'sequelize';
import type { FeedQuery } from './schemas.js';

/**
 * A GB/T 2260 region filter on the fixed-width code. A full code is an equality, which the region index serves
 * in date order. A province or city prefix compares the code's first digits (SUBSTR, on SQLite and MySQL alike)
 * so that no engine is tempted to range-scan the region index and sort a whole province: the feed instead walks
 * a date-ordered index and checks the code kept in that index, which stops after one page.
 */
export function regionCondition(prefix: string): WhereOptions {
  if (prefix.length === 6) return { regionCode: prefix };
  return sqlWhere(fn('SUBSTR', col('region_code'), 1, prefix.length), prefix);
}

/** The feed's filters as one WHERE; every field is optional and they combine with AND. */
export function feedWhere(query: Omit<FeedQuery, 'cursor' | 'limit'>): WhereOptions {
  const conditions: WhereOptions[] = [];
  if (query.region) conditions.push(regionCondition(query.region));
  if (query.category) conditions.push({ category: query.category });
  if (query.status) conditions.push({ tenderStatus: query.status });
  if (query.kind) conditions.push({ kind: query.kind });
  if (query.from) conditions.push({ dateModified: { [Op.gte]: query.from } });
  if (query.to) conditions.push({ dateModified: { [Op.lte]: query.to } });
  // INSTR, as the parties search does: the text is matched literally on every engine, % and _ included.
  if (query.q) conditions.push(sqlWhere(fn('INSTR', col('title'), query.q), Op.gt, 0));
  return { [Op.and]: conditions };
}
