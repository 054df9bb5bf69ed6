import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import { unprocessable } from '../errors.js';

/** Ids are uuids; anything else in a cursor (a NUL byte, 10 kB) never reaches the query. */
const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** An opaque cursor: the sort key of the last item seen, so pages stay stable while rows are added. */
interface CursorKey {
  at: string;
  id: string;
}

export const encodeCursor = (key: CursorKey) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorKey;
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

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset pagination over (createdAt, id): no OFFSET, so deep pages cost the same as the first. */
export async function paginate<M extends Model & { createdAt: Date; id: string }>(
  model: ModelStatic<M>,
  where: WhereOptions,
  opts: { cursor?: string; limit: number },
): Promise<Page<M>> {
  const conditions: WhereOptions[] = [where];
  if (opts.cursor) {
    const key = decodeCursor(opts.cursor);
    const at = new Date(key.at);
    conditions.push({
      [Op.or]: [{ createdAt: { [Op.gt]: at } }, { createdAt: at, id: { [Op.gt]: key.id } }],
    } as WhereOptions);
  }
  const rows = await model.findAll({
    where: { [Op.and]: conditions } as WhereOptions,
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: opts.limit + 1,
  });
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > opts.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}
