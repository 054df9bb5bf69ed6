import type { Transaction, WhereOptions } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import './events.js';
import type { SupervisionAlert, SupervisionModels } from './models.js';
import type { AlertListQuery, AlertView, ResolutionBody } from './schemas.js';
import { toAlertView } from './views.js';

export interface WorkflowDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
}

/** The most alerts one list answers with, newest first. */
const LIST_LIMIT = 500;

/**
 * The supervisors' side of an alert: read it, acknowledge it (someone is on it), resolve it with a
 * conclusion and a note. Each step is audited and told to the stream; a step out of order is a 409.
 */
export class AlertWorkflow {
  constructor(
    private readonly models: SupervisionModels,
    private readonly deps: WorkflowDeps,
  ) {}

  async list(query: AlertListQuery): Promise<AlertView[]> {
    const where: WhereOptions<SupervisionAlert> = {
      ...(query.status && { status: query.status }),
      ...(query.tenderId && { tenderId: query.tenderId }),
    };
    const rows = await this.models.SupervisionAlert.findAll({
      where,
      order: [
        ['raisedAt', 'DESC'],
        ['raisedBySeq', 'DESC'],
        ['id', 'ASC'],
      ],
      limit: LIST_LIMIT,
    });
    return rows.map(toAlertView);
  }

  async get(id: string): Promise<AlertView> {
    const alert = await this.models.SupervisionAlert.findByPk(id);
    if (!alert) throw notFound('Alert');
    return toAlertView(alert);
  }

  async acknowledge(ctx: RequestContext, id: string): Promise<AlertView> {
    return this.step(ctx, id, 'open', async (alert, t) => {
      await alert.update(
        {
          status: 'acknowledged',
          acknowledgedAt: this.deps.clock.now(),
          acknowledgedBy: ctx.actor!.userId,
          acknowledgedByName: ctx.actor!.displayName,
        },
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'supervision.alert-acknowledge',
        subject: `supervision-alert:${id}`,
        data: { tenderId: alert.tenderId, indicator: alert.indicator },
      });
      await this.deps.events.emit(t, ctx, 'supervision.alert-acknowledged', {
        alertId: id,
        tenderId: alert.tenderId,
      });
    });
  }

  async resolve(ctx: RequestContext, id: string, body: ResolutionBody): Promise<AlertView> {
    return this.step(ctx, id, 'acknowledged', async (alert, t) => {
      await alert.update(
        {
          status: 'resolved',
          resolvedAt: this.deps.clock.now(),
          resolvedBy: ctx.actor!.userId,
          resolvedByName: ctx.actor!.displayName,
          conclusion: body.conclusion,
          resolutionNote: body.note,
        },
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'supervision.alert-resolve',
        subject: `supervision-alert:${id}`,
        data: { tenderId: alert.tenderId, indicator: alert.indicator, conclusion: body.conclusion },
      });
      await this.deps.events.emit(t, ctx, 'supervision.alert-resolved', {
        alertId: id,
        tenderId: alert.tenderId,
        conclusion: body.conclusion,
      });
    });
  }

  /** One step under the alert's row lock, from the one status it may be taken from. */
  private async step(
    ctx: RequestContext,
    id: string,
    from: SupervisionAlert['status'],
    apply: (alert: SupervisionAlert, t: Transaction) => Promise<void>,
  ): Promise<AlertView> {
    const alert = await this.deps.db.transaction(async (t) => {
      const row = await this.models.SupervisionAlert.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!row) throw notFound('Alert');
      if (row.status !== from) {
        throw conflict('ALERT_WRONG_STATUS', `The alert is ${row.status}; this step needs it ${from}`, {
          status: row.status,
        });
      }
      await apply(row, t);
      return row;
    });
    return toAlertView(alert);
  }
}
