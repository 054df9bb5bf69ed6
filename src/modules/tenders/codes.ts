import type { Transaction } from 'sequelize';
import type { Database } from '../../platform/db/database.js';
import { conflict } from '../../platform/errors.js';
import type { Category, TenderModels } from './models.js';

type Sequences = Pick<TenderModels, 'CodeSequence'>;

/** yyMMdd of the day in China (Asia/Shanghai, UTC+8, no daylight saving). */
export function chinaDate(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return local.toISOString().slice(2, 10).replace(/-/g, '');
}

/** The day's counter for one industry letter and region: the prefix its codes share and its row's name. */
export interface ProjectCounter {
  prefix: string;
  name: string;
}

/**
 * Makes sure the day's counter row exists, in a short transaction of its own before the tender's. Creating
 * it inside the tender's transaction and then locking it deadlocks on InnoDB when several first tenders of
 * a day arrive together (each holds a shared lock from its insert and waits for the others' exclusive one).
 */
export async function prepareProjectCounter(
  { CodeSequence }: Sequences,
  db: Database,
  category: Category,
  regionCode: string,
  at: Date,
): Promise<ProjectCounter> {
  const prefix = `${category}${regionCode}${chinaDate(at)}`;
  const name = `project:${prefix}`;
  if (!(await CodeSequence.findByPk(name))) {
    await db.transaction((t) =>
      CodeSequence.bulkCreate([{ name, last: 0 }], { ignoreDuplicates: true, transaction: t }),
    );
  }
  return { prefix, name };
}

/**
 * Project code, one published format (docs/domain.md §7): industry letter + region (6) + yyMMdd + a 4-digit
 * sequence of the day, 17 characters. The day's counter row is locked, so numbers never repeat across nodes,
 * and a rolled-back tender gives its number back.
 */
export async function nextProjectCode(
  { CodeSequence }: Sequences,
  t: Transaction,
  { prefix, name }: ProjectCounter,
): Promise<string> {
  const counter = await CodeSequence.findByPk(name, { transaction: t, lock: t.LOCK.UPDATE });
  if (!counter) throw new Error(`the code counter ${name} was not prepared`);
  const next = counter.last + 1;
  if (next > 9999) {
    throw conflict('PROJECT_CODES_EXHAUSTED', `All 9999 project codes of the day are used for ${prefix}`);
  }
  await counter.update({ last: next }, { transaction: t });
  return `${prefix}${String(next).padStart(4, '0')}`;
}

/** Tender code = project code + 001 (one tender per project here); section code = tender code + 3 digits. */
export const tenderCode = (projectCode: string) => `${projectCode}001`;
export const sectionCode = (tenderCode: string, position: number) =>
  `${tenderCode}${String(position).padStart(3, '0')}`;
