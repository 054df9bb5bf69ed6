import type { Transaction } from 'sequelize';
import { revision, type Revision } from '../../platform/events/revision.js';
import { maskPhone } from './id-number.js';
import { EXPERT_FIELDS } from './import-plan.js';
import type { Expert, ExpertModels } from './models.js';

/**
 * An expert's changeable fields and specialties before or after an update. The audit chain is never
 * rewritten, so personal data goes into it only as the pages show it: the phone masked like everywhere else
 * (a change of number still shows as a change of its last digits, or of its masked length).
 */
export async function expertSnapshot(models: ExpertModels, expert: Expert, t: Transaction) {
  const rows = await models.ExpertSpecialty.findAll({ where: { expertId: expert.id }, transaction: t });
  const snapshot: Record<string, unknown> = {};
  for (const field of EXPERT_FIELDS) snapshot[field] = expert.get(field) ?? null;
  snapshot.phone = typeof snapshot.phone === 'string' ? maskPhone(snapshot.phone) : null;
  snapshot.specialties = rows.map((r) => r.code).sort();
  return snapshot;
}

/** What an update changed, field by field (specialties as one sorted list). */
export async function expertRevision(
  models: ExpertModels,
  expert: Expert,
  before: Record<string, unknown>,
  t: Transaction,
): Promise<Revision> {
  const after = await expertSnapshot(models, expert, t);
  // The specialty list is one value: "A0801 added" reads better as the whole list before and after.
  const changes = revision({ ...before, specialties: null }, { ...after, specialties: null });
  if (JSON.stringify(before.specialties) !== JSON.stringify(after.specialties)) {
    changes.specialties = { from: before.specialties, to: after.specialties };
  }
  return changes;
}
