import type { Transaction } from 'sequelize';
import { conflict } from '../../platform/errors.js';
import type { Category } from './models.js';
import type { TenderModels } from './models.js';

/** yyMMdd of the day in China (Asia/Shanghai, UTC+8, no daylight saving). */
export function chinaDate(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return local.toISOString().slice(2, 10).replace(/-/g, '');
}

/**
 * Project code, one published format (DOMAIN.md §7): industry letter + region (6) + yyMMdd + a 4-digit
 * sequence of the day, 17 characters. The day's counter row is locked, so numbers never repeat across nodes.
 */
export async function nextProjectCode(
  { CodeSequence }: Pick<TenderModels, 'CodeSequence'>,
  t: Transaction,
  category: Category,
  regionCode: string,
  at: Date,
): Promise<string> {
  const prefix = `${category}${regionCode}${chinaDate(at)}`;
  const name = `project:${prefix}`;
  // Insert-if-missing, then a locking read: unlike findOrCreate, a locking read sees a row another
  // transaction committed meanwhile (REPEATABLE READ snapshots would not), so concurrent first tenders of a
  // day queue on the row instead of failing on its key.
  await CodeSequence.bulkCreate([{ name, last: 0 }], { ignoreDuplicates: true, transaction: t });
  const locked = await CodeSequence.findByPk(name, { transaction: t, lock: t.LOCK.UPDATE });
  const next = locked!.last + 1;
  if (next > 9999) {
    throw conflict('PROJECT_CODES_EXHAUSTED', `All 9999 project codes of the day are used for ${prefix}`);
  }
  await locked!.update({ last: next }, { transaction: t });
  return `${prefix}${String(next).padStart(4, '0')}`;
}

/** Tender code = project code + 001 (one tender per project here); section code = tender code + 3 digits. */
export const tenderCode = (projectCode: string) => `${projectCode}001`;
export const sectionCode = (tenderCode: string, position: number) =>
  `${tenderCode}${String(position).padStart(3, '0')}`;
