import { randomUUID } from 'node:crypto';
import type { ExpertStatus } from '../../../expert-pool/index.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { conflict, notFound } from '../../platform/errors.js';
import { pageByKeyset } from '../../platform/http/keyset.js';
import type { Page } from '../../platform/http/pagination.js';
import { chinaDay } from '../../platform/china/beijing-time.js';
import type { Expert, SanctionAction } from './models.js';
import type { SanctionView } from './schemas.js';
import type { ExpertDeps, ExpertsService } from './service.js';
import { toSanctionView } from './views.js';

/** Which status each action leads to, from which statuses; removal is final (1117 §12: 清退). */
const TRANSITIONS: Record<SanctionAction, { from: ExpertStatus[]; to: ExpertStatus; word: string }> = {
  suspend: { from: ['active'], to: 'suspended', word: '暂停评标专家资格' },
  remove: { from: ['active', 'suspended'], to: 'removed', word: '取消评标专家资格（清退出库）' },
  reinstate: { from: ['suspended'], to: 'active', word: '恢复评标专家资格' },
};

function sanctionNotice(expert: Expert, action: SanctionAction, reason: string, at: Date) {
  const { word } = TRANSITIONS[action];
  const body = [
    `专家姓名：${expert.name}`,
    `职称：${expert.title}`,
    ...(expert.employerName ? [`工作单位：${expert.employerName}`] : []),
    `处理决定：${word}`,
    `事由：${reason}`,
    '',
    '依据《评标专家和评标专家库管理办法》及综合评标专家库动态考核规定予以公告。',
    `公告日期：${chinaDay(at.toISOString())}`,
  ].join('\n');
  return { title: `关于${expert.name}${word}的公告`, body };
}

/**
 * Suspending, removing and reinstating experts with a published reason (1117 §12, 14). Each decision writes a
 * notice that is never edited and emits `expert.sanctioned`, so the public notices can carry it too.
 */
export class ExpertSanctions {
  constructor(
    private readonly experts: ExpertsService,
    private readonly deps: ExpertDeps,
  ) {}

  async decide(
    ctx: RequestContext,
    expertId: string,
    action: SanctionAction,
    reason: string,
  ): Promise<SanctionView> {
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const expert = await this.experts.lock(t, expertId);
      const { from, to } = TRANSITIONS[action];
      if (!from.includes(expert.status)) {
        throw conflict('INVALID_SANCTION', `An expert who is ${expert.status} cannot be given "${action}"`);
      }
      const now = clock.now();
      const previous = expert.status;
      await expert.update({ status: to }, { transaction: t });
      const sanction = await this.experts.models.ExpertSanction.create(
        {
          id: randomUUID(),
          expertId,
          action,
          reason,
          decidedBy: ctx.actor!.userId,
          ...sanctionNotice(expert, action, reason, now),
          publishedAt: now,
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: `expert.${action}`,
        subject: `expert:${expertId}`,
        data: { sanctionId: sanction.id, from: previous, to, reason },
      });
      await events.emit(t, ctx, 'expert.sanctioned', {
        expertId,
        sanctionId: sanction.id,
        action,
        title: sanction.title,
        at: now.toISOString(),
      });
      return toSanctionView(sanction, expert.name);
    });
  }

  /** The public list of sanction notices, newest first. */
  async list(query: { cursor?: string; limit: number }): Promise<Page<SanctionView>> {
    const page = await pageByKeyset(
      this.experts.models.ExpertSanction,
      {},
      {
        orderBy: 'publishedAt',
        direction: 'DESC',
        cursor: query.cursor,
        limit: query.limit,
      },
    );
    const names = await this.expertNames(page.items.map((s) => s.expertId));
    return {
      items: page.items.map((s) => toSanctionView(s, names.get(s.expertId) ?? '')),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<SanctionView> {
    const sanction = await this.experts.models.ExpertSanction.findByPk(id);
    if (!sanction) throw notFound('Sanction notice');
    const names = await this.expertNames([sanction.expertId]);
    return toSanctionView(sanction, names.get(sanction.expertId) ?? '');
  }

  /** Experts are never deleted (a removed one stays on file), so every notice finds its expert's name. */
  private async expertNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.experts.models.Expert.findAll({
      where: { id: [...new Set(ids)] },
      attributes: ['id', 'name'],
    });
    return new Map(rows.map((e) => [e.id, e.name]));
  }
}
