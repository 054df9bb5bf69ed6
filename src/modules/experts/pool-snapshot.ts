import { Op, type Transaction } from 'sequelize';
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
}

const dayMinus = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The pool as the avoidance rules see it on one evaluation day. Only active experts are read (the other
 * statuses are excluded anyway), and of the per-expert lists only the rows that can matter for this draw:
 * that day's unavailability, conflicts with its parties, and the tenderee's recent draws.
 */
export async function poolSnapshot(
  models: ExpertModels & DrawModels,
  scope: SnapshotScope,
  transaction?: Transaction,
): Promise<PoolExpert[]> {
  const [experts, specialties, days, conflicts, recent] = await Promise.all([
    models.Expert.findAll({
      where: { status: 'active' },
      attributes: ['id', 'employerUscc', 'regionCode', 'status', 'creditScore'],
      transaction,
    }),
    models.ExpertSpecialty.findAll({ transaction }),
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
