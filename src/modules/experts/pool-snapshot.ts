import { literal, Op, type Transaction } from 'sequelize';
import type { PoolExpert } from '../../../expert-pool/index.js';
import type { DrawModels } from './draw-models.js';
import type { ExpertModels } from './models.js';

export interface SnapshotScope {
  evaluationDate: string;
  /** Tenderee, agency and bidders: the only parties a declared conflict can matter for. */
  partyUsccs: string[];
  tendereeUscc: string;
  cooldownDays: number;
  /** The draw being run, whose own members are not "recent draws" of the tenderee. */
  drawId: string;
  /**
   * The request's slot codes: only experts holding a code one of them covers are read (issue 18), with all
   * their codes, since the record's snapshot keeps them. Omitted: the whole active pool.
   */
  specialties?: string[];
}

/**
 * The ids of the experts holding a code under one of `codes`, as a subquery: a code's descendants are
 * exactly the codes it prefixes, so `LIKE 'A0802%'` (a range on the (code, expert_id) index on MariaDB; a
 * range written with a sentinel character would depend on the collation's order of punctuation). Catalog
 * codes are a letter and digits (checked with the request), so no LIKE wildcard can occur in them.
 */
function holdersOf(models: ExpertModels, codes: readonly string[]) {
  const db = models.ExpertSpecialty.sequelize!;
  const prefixes = [...new Set(codes)].filter((code) => /^[A-Z0-9]+$/.test(code));
  if (prefixes.length === 0) return literal('(SELECT expert_id FROM expert_specialties WHERE 1 = 0)');
  const matches = prefixes.map((code) => `code LIKE ${db.escape(`${code}%`)}`).join(' OR ');
  return literal(`(SELECT expert_id FROM expert_specialties WHERE ${matches})`);
}

const dayMinus = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The pool as the avoidance rules see it on one evaluation day. Only active experts are read (the other
 * statuses are excluded anyway), only those a slot's code covers when the scope names the codes, and of
 * the per-expert lists only the rows that can matter for this draw: that day's unavailability, conflicts
 * with its parties, and the tenderee's recent draws.
 */
export async function poolSnapshot(
  models: ExpertModels & DrawModels,
  scope: SnapshotScope,
  transaction?: Transaction,
): Promise<PoolExpert[]> {
  const narrowed = scope.specialties && scope.specialties.length > 0;
  const holders = narrowed ? { id: { [Op.in]: holdersOf(models, scope.specialties!) } } : {};
  const holdersSpecialties = narrowed ? { expertId: { [Op.in]: holdersOf(models, scope.specialties!) } } : {};
  const [experts, specialties, days, conflicts, recent] = await Promise.all([
    models.Expert.findAll({
      where: { status: 'active', ...holders },
      attributes: ['id', 'employerUscc', 'regionCode', 'status', 'creditScore'],
      // Plain rows (strings and integers only): a draw reads tens of thousands of experts and their codes,
      // and building a model instance for each took as long as the query (issue 18).
      raw: true,
      transaction,
    }),
    models.ExpertSpecialty.findAll({
      where: holdersSpecialties,
      attributes: ['expertId', 'code'],
      raw: true,
      transaction,
    }),
    models.ExpertUnavailableDay.findAll({ where: { day: scope.evaluationDate }, transaction }),
    models.ExpertConflict.findAll({ where: { partyUscc: { [Op.in]: scope.partyUsccs } }, transaction }),
    scope.cooldownDays > 0
      ? models.DrawMember.findAll({
          where: {
            tendereeUscc: scope.tendereeUscc,
            status: { [Op.in]: ['invited', 'confirmed'] },
            drawId: { [Op.ne]: scope.drawId },
            evaluationDate: { [Op.gte]: dayMinus(scope.evaluationDate, scope.cooldownDays) },
          },
          attributes: ['expertId', 'tendereeUscc', 'evaluationDate'],
          transaction,
        })
      : Promise.resolve([]),
  ]);
  const byId = new Map<string, PoolExpert>(
    experts.map((e) => [
      e.id,
      {
        id: e.id,
        employerUscc: e.employerUscc,
        regionCode: e.regionCode,
        status: e.status,
        creditScore: e.creditScore,
        specialties: [],
        unavailableDates: [],
        conflicts: [],
        recentDraws: [],
      },
    ]),
  );
  for (const s of specialties) byId.get(s.expertId)?.specialties.push(s.code);
  for (const d of days) byId.get(d.expertId)?.unavailableDates.push(d.day);
  for (const c of conflicts)
    byId.get(c.expertId)?.conflicts.push({ partyUscc: c.partyUscc, relation: c.relation });
  for (const r of recent) {
    byId.get(r.expertId)?.recentDraws.push({ tendereeUscc: r.tendereeUscc, date: r.evaluationDate });
  }
  return [...byId.values()];
}
