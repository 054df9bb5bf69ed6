import type { Transaction } from 'sequelize';
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
  const [row] = await CodeSequence.findOrCreate({
    where: { name },
    defaults: { name, last: 0 },
    transaction: t,
  });
  const locked = await CodeSequence.findByPk(row.name, { transaction: t, lock: t.LOCK.UPDATE });
  const next = locked!.last + 1;
  if (next > 9999) throw new Error(`project code sequence exhausted for ${prefix}`);
  await locked!.update({ last: next }, { transaction: t });
  return `${prefix}${String(next).padStart(4, '0')}`;
}

/** Tender code = project code + 001 (one tender per project here); section code = tender code + 3 digits. */
export const tenderCode = (projectCode: string) => `${projectCode}001`;
export const sectionCode = (tenderCode: string, position: number) =>
  `${tenderCode}${String(position).padStart(3, '0')}`;
