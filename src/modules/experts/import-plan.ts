import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { IdNumberCipher } from './id-cipher.js';
import { maskIdNumber } from './id-number.js';
import type { ImportRow } from './import-parse.js';
import type { Expert, ExpertModels } from './models.js';
import type { ExpertInput } from './schemas.js';

export type ChangeAction = 'create' | 'update' | 'unchanged';

export interface PlannedChange {
  line: number;
  action: ChangeAction;
  name: string;
  /** Masked. */
  idNumber: string;
  /** The fields an update changes. */
  fields: string[];
  expertId: string;
  input: ExpertInput;
  hash: string;
}

/** The fields an import owns; status, credit and the account link are the pool's, never a file's. */
export const EXPERT_FIELDS = [
  'name',
  'employerUscc',
  'employerName',
  'regionCode',
  'title',
  'yearsOfPractice',
  'phone',
] as const;

function changedFields(expert: Expert, specialties: string[], input: ExpertInput): string[] {
  const changed: string[] = EXPERT_FIELDS.filter((f) => (expert[f] ?? null) !== (input[f] ?? null));
  const same =
    specialties.length === input.specialties.length &&
    input.specialties.every((c) => specialties.includes(c));
  if (!same) changed.push('specialties');
  return changed;
}

/**
 * What importing the rows would do, keyed by the ID number's keyed hash: a new person is created, a known one
 * updated where a field differs, and an identical row changes nothing (so re-importing a file is a no-op).
 */
export async function planImport(
  models: ExpertModels,
  cipher: IdNumberCipher,
  rows: ImportRow[],
  transaction?: Transaction,
): Promise<PlannedChange[]> {
  const hashed = rows.map((row) => ({ row, hash: cipher.index(row.input.idNumber) }));
  const existing = new Map<string, Expert>();
  const specialtiesOf = new Map<string, string[]>();
  for (let i = 0; i < hashed.length; i += 500) {
    const hashes = hashed.slice(i, i + 500).map((h) => h.hash);
    const found = await models.Expert.findAll({ where: { idNumberHash: { [Op.in]: hashes } }, transaction });
    for (const e of found) existing.set(e.idNumberHash, e);
    const codes = await models.ExpertSpecialty.findAll({
      where: { expertId: { [Op.in]: found.map((e) => e.id) } },
      transaction,
    });
    for (const c of codes) specialtiesOf.set(c.expertId, [...(specialtiesOf.get(c.expertId) ?? []), c.code]);
  }
  return hashed.map(({ row, hash }) => {
    const expert = existing.get(hash);
    const base = {
      line: row.line,
      name: row.input.name,
      idNumber: maskIdNumber(row.input.idNumber),
      input: row.input,
      hash,
    };
    if (!expert) return { ...base, action: 'create', fields: [], expertId: randomUUID() };
    const fields = changedFields(expert, specialtiesOf.get(expert.id) ?? [], row.input);
    return { ...base, action: fields.length > 0 ? 'update' : 'unchanged', fields, expertId: expert.id };
  });
}

/** Writes a plan inside the caller's transaction. New experts start active with the default credit score. */
export async function applyPlan(
  models: ExpertModels,
  cipher: IdNumberCipher,
  plan: PlannedChange[],
  opts: { now: Date; initialCredit: number; transaction: Transaction },
): Promise<void> {
  const { now, transaction } = opts;
  const columns = (input: ExpertInput) => ({
    name: input.name,
    employerUscc: input.employerUscc ?? null,
    employerName: input.employerName ?? null,
    regionCode: input.regionCode,
    title: input.title,
    yearsOfPractice: input.yearsOfPractice,
    phone: input.phone,
  });
  const creates = plan.filter((c) => c.action === 'create');
  for (let i = 0; i < creates.length; i += 500) {
    const batch = creates.slice(i, i + 500);
    await models.Expert.bulkCreate(
      batch.map((c) => ({
        id: c.expertId,
        ...columns(c.input),
        idNumberCipher: cipher.encrypt(c.input.idNumber),
        idNumberHash: c.hash,
        idNumberMasked: c.idNumber,
        status: 'active' as const,
        creditScore: opts.initialCredit,
        userId: null,
        createdAt: now,
        updatedAt: now,
      })),
      { transaction },
    );
    await models.ExpertSpecialty.bulkCreate(
      batch.flatMap((c) => c.input.specialties.map((code) => ({ expertId: c.expertId, code }))),
      { transaction },
    );
  }
  for (const c of plan.filter((p) => p.action === 'update')) {
    await models.Expert.update(
      { ...columns(c.input), updatedAt: now },
      { where: { id: c.expertId }, transaction },
    );
    if (c.fields.includes('specialties'))
      await replaceSpecialties(models, c.expertId, c.input.specialties, transaction);
  }
}

export async function replaceSpecialties(
  models: ExpertModels,
  expertId: string,
  codes: string[],
  transaction: Transaction,
): Promise<void> {
  await models.ExpertSpecialty.destroy({ where: { expertId }, transaction });
  await models.ExpertSpecialty.bulkCreate(
    [...new Set(codes)].map((code) => ({ expertId, code })),
    { transaction },
  );
}
