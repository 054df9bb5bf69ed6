import { Op } from 'sequelize';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';
import { pageByKeyset } from '../../platform/http/keyset.js';
import type { Page } from '../../platform/http/pagination.js';
import type { InboxMessage } from './draw-models.js';
import { parseRecord, type DrawsService } from './draws.js';

const toMessageView = (m: InboxMessage) => ({
  id: m.id,
  drawId: m.drawId,
  kind: m.kind,
  title: m.title,
  body: m.body,
  readAt: m.readAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
});

/** An expert's in-app messages and the draws they were invited to, their own only. */
export class ExpertInbox {
  constructor(private readonly draws: DrawsService) {}

  async messages(
    actor: Actor,
    query: { cursor?: string; limit: number },
  ): Promise<Page<ReturnType<typeof toMessageView>>> {
    const expert = await this.draws.experts.ownExpert(actor);
    const page = await pageByKeyset(
      this.draws.models.InboxMessage,
      { expertId: expert.id },
      {
        orderBy: 'createdAt',
        direction: 'DESC',
        cursor: query.cursor,
        limit: query.limit,
      },
    );
    return { items: page.items.map(toMessageView), nextCursor: page.nextCursor };
  }

  async markRead(ctx: RequestContext, id: string) {
    const { db, audit, clock } = this.draws.deps;
    return db.transaction(async (t) => {
      const expert = await this.draws.experts.ownExpert(ctx.actor!, t);
      const message = await this.draws.models.InboxMessage.findByPk(id, { transaction: t });
      if (!message || message.expertId !== expert.id) throw notFound('Message');
      if (!message.readAt) await message.update({ readAt: clock.now() }, { transaction: t });
      await audit.append(t, ctx, {
        action: 'expert-inbox.read',
        subject: `expert:${expert.id}`,
        data: { messageId: id },
      });
      return toMessageView(message);
    });
  }

  /** Every seat the expert was drawn for, newest first, with what they need to decide. */
  async invitations(actor: Actor) {
    const expert = await this.draws.experts.ownExpert(actor);
    const members = await this.draws.models.DrawMember.findAll({
      where: { expertId: expert.id },
      order: [['createdAt', 'DESC']],
      limit: 200,
    });
    const draws = await this.draws.models.ExpertDraw.findAll({
      where: { id: { [Op.in]: members.map((m) => m.drawId) } },
    });
    const byId = new Map(draws.map((d) => [d.id, d]));
    return Promise.all(
      members.map(async (m) => {
        const draw = byId.get(m.drawId)!;
        const { request } = parseRecord(draw);
        const tender = await this.draws.deps.tenders.view(draw.tenderId);
        return {
          drawId: draw.id,
          tenderId: tender.id,
          tenderCode: tender.code,
          tenderTitle: tender.title,
          specialty: request.slots[m.slot]?.specialty ?? '',
          evaluationDate: request.evaluationDate,
          place: request.place,
          status: m.status,
          respondBy: m.respondBy.toISOString(),
          respondedAt: m.respondedAt?.toISOString() ?? null,
        };
      }),
    );
  }
}
