import {
  col,
  Op,
  type Attributes,
  type FindAttributeOptions,
  type Model,
  type ModelStatic,
  type WhereOptions,
} from 'sequelize';
import { unprocessable } from '../errors.js';
import type { Page } from './pagination.js';

/** Ids are uuids; anything else in a cursor (a NUL byte, 10 kB) never reaches the query. */
const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** The sort key of the last item a page showed: a timestamp column and the id that breaks ties. */
interface KeysetPosition {
  at: string;
  id: string;
}

export const encodeKeyset = (position: KeysetPosition) =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

/** A cursor back to its position; anything this server did not issue is a 422 INVALID_CURSOR. */
export function decodeKeyset(cursor: string): KeysetPosition {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as KeysetPosition;
    if (
      typeof key.at === 'string' &&
      typeof key.id === 'string' &&
      ID.test(key.id) &&
      !Number.isNaN(Date.parse(key.at))
    )
      return key;
  } catch {
    // fall through to the error below
  }
  throw unprocessable('INVALID_CURSOR', 'The cursor is not one this server issued');
}

export interface KeysetOptions {
  /** The timestamp attribute the list is ordered by (e.g. 'dateModified'); `id` breaks ties. */
  orderBy: string;
  direction: 'ASC' | 'DESC';
  cursor?: string;
  limit: number;
  /** Columns to read; they must include `id` and the `orderBy` attribute, which make the next cursor. */
  attributes?: FindAttributeOptions;
}

/**
 * Keyset pagination over (timestamp, id) in either direction: no OFFSET, so page 1,000 costs what page 1 does.
 * The cursor's condition is written as `at <= k AND (at < k OR id < i)` (mirrored for ascending) rather than a
 * bare OR, so both SQLite and MariaDB see a range on the index's timestamp column and start the scan there.
 */
export async function pageByKeyset<M extends Model & { id: string }>(
  model: ModelStatic<M>,
  where: WhereOptions,
  opts: KeysetOptions,
): Promise<Page<M>> {
  const { orderBy, direction } = opts;
  const [inclusive, strict] = direction === 'DESC' ? [Op.lte, Op.lt] : [Op.gte, Op.gt];
  const conditions: WhereOptions[] = [where];
  if (opts.cursor) {
    const key = decodeKeyset(opts.cursor);
    const at = new Date(key.at);
    conditions.push({
      [orderBy]: { [inclusive]: at },
      [Op.or]: [{ [orderBy]: { [strict]: at } }, { id: { [strict]: key.id } }],
    } as WhereOptions);
  }
  // Ordered by the column itself, not the attribute's alias, so every engine sees the index's order.
  const column = model.getAttributes()[orderBy as keyof Attributes<M>]?.field ?? orderBy;
  const rows = await model.findAll({
    where: { [Op.and]: conditions } as WhereOptions,
    order: [
      [col(column), direction],
      [col('id'), direction],
    ],
    limit: opts.limit + 1,
    ...(opts.attributes && { attributes: opts.attributes }),
  });
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  const lastAt = last?.get(orderBy) as Date | undefined;
  const nextCursor =
    rows.length > opts.limit && last && lastAt
      ? encodeKeyset({ at: lastAt.toISOString(), id: last.id })
      : null;
  return { items, nextCursor };
}
