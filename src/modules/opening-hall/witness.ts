import { Op } from 'sequelize';
import type { AuditModels } from '../../platform/audit/models.js';
import type { IdentityService } from '../identity/index.js';
import type { HallEventKind } from './kinds.js';

export interface StepActor {
  userId: string | null;
  role: string | null;
  ip: string | null;
  name: string | null;
}

/** The opening's audit actions behind each relayed event, and the subject they are recorded under. */
const ACTIONS: Partial<Record<HallEventKind, string>> = {
  'opening.started': 'opening.start',
  'opening.section-failed': 'opening.start',
  'opening.share-released': 'opening.share-release',
  'opening.share-wrong': 'opening.share-release',
  'opening.bid-settled': 'opening.bid-settle',
  'opening.record-published': 'opening.record-publish',
  'opening.completed': 'opening.complete',
};

/**
 * Who made an opening step and from where, for supervisors: the domain events carry no actor, but every
 * step is in the audit chain (EB Art.49), which the hall reads back when it relays the event.
 */
export function auditWitness(models: AuditModels, identity: Pick<IdentityService, 'findUser'>) {
  return async (
    kind: HallEventKind,
    tenderId: string,
    data: Record<string, unknown>,
  ): Promise<StepActor | null> => {
    const action = ACTIONS[kind];
    if (!action) return null;
    const bidId = (data.private as { bidId?: string } | undefined)?.bidId;
    const subject = kind === 'opening.bid-settled' && bidId ? `bid:${bidId}` : `tender:${tenderId}`;
    const entries = await models.AuditEntry.findAll({
      where: { action, subject: { [Op.eq]: subject } },
      order: [['seq', 'DESC']],
      limit: 20,
    });
    const entry =
      entries.find((e) => {
        if (!('position' in data) && !('sectionId' in data)) return true;
        const logged = JSON.parse(e.data) as Record<string, unknown>;
        return 'position' in data ? logged.position === data.position : logged.sectionId === data.sectionId;
      }) ?? null;
    if (!entry) return null;
    const user = entry.actorUserId ? await identity.findUser(entry.actorUserId) : null;
    return {
      userId: entry.actorUserId,
      role: entry.actorRole ?? 'system',
      ip: entry.ip,
      name: user ? `${user.displayName} (${user.username})` : null,
    };
  };
}
export type StepWitness = ReturnType<typeof auditWitness>;
