import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import {
  commitment,
  drawRequestProblems,
  DrawShortfallError,
  eligibility,
  newDrawSecret,
  requestDigest,
  revealSecret,
  seatedMembers,
  startDraw,
  verifyDraw,
  type DrawnMember,
  type DrawRecord,
  type DrawRequest,
  type DrawVerdict,
} from '../../../expert-pool/index.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { chinaTime } from '../../platform/china/beijing-time.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { can } from '../tenders/index.js';
import type { TendersPort } from './ports.js';
import { CREDIT_EXCLUSION_PREFIX, exclusionCandidates, namedExclusions } from './draw-exclusions.js';
import type { DrawMember, DrawModels, ExpertDraw } from './draw-models.js';
import type { DrawRequestBody, DrawView } from './draw-schemas.js';
import { isRequester, toDrawView, viewerOf } from './draw-views.js';
import type { ExpertNotifier } from './notifications.js';
import { poolSnapshot } from './pool-snapshot.js';
import type { ExpertDeps, ExpertsService } from './service.js';
import type { CreditDrawPort } from './ports.js';

export interface DrawSettings {
  minCreditScore: number;
  sameTendereeCooldownDays: number;
  respondMinutes: number;
}

export interface DrawDeps extends ExpertDeps {
  tenders: TendersPort;
  notifier: ExpertNotifier;
  settings: DrawSettings;
}

export const parseRecord = (draw: ExpertDraw) => JSON.parse(draw.record) as DrawRecord;

/**
 * The random draw of evaluation experts (docs/design.md §8, SS Art.45-46): requested for a section with a sealed
 * secret whose hash the supervisor holds, witnessed with optional entropy, run over the eligible pool, answered
 * by the drawn experts (declines and timeouts redraw, in draw-answers.ts), and announced with the secret.
 */
export class DrawsService {
  constructor(
    readonly models: DrawModels,
    readonly experts: ExpertsService,
    readonly deps: DrawDeps,
  ) {}

  /** The credit module's port (it is listed after experts and fills this when built). */
  private credit: CreditDrawPort | null = null;

  setCreditCheck(check: CreditDrawPort): void {
    this.credit = check;
  }

  /**
   * Experts under a blacklisting credit record (失信惩戒) are left out as explicit exclusions of the request,
   * each naming its record: the request's digest seals them and verify-draw replays them like any other.
   */
  private async creditExclusions(explicit: readonly { expertId: string }[]) {
    const listed = new Set(explicit.map((e) => e.expertId));
    const barred = (await this.credit?.barredExperts()) ?? [];
    return barred
      .filter((b) => !listed.has(b.expertId))
      .map((b) => ({
        expertId: b.expertId,
        reason: `${CREDIT_EXCLUSION_PREFIX}${b.barring.kindName}（${b.barring.recordId}）${b.barring.validUntil ? `有效至 ${b.barring.validUntil}` : '长期有效'}`,
      }));
  }

  /** The tender, when the actor is the one who requests its draws (its agency, or the tenderee without one). */
  async requesterOf(actor: Actor, tenderId: string) {
    if (!(await this.deps.tenders.find(tenderId))) throw notFound('Tender');
    const tender = await this.deps.tenders.view(tenderId);
    const parties = { tendereePartyId: tender.tenderee.id, agencyPartyId: tender.agency?.id ?? null };
    const runsIt =
      !!actor.partyId && [parties.tendereePartyId, parties.agencyPartyId].includes(actor.partyId);
    // A tender never published is private to those who run it (tenders/access.ts).
    if (!tender.publishedAt && !runsIt) throw notFound('Tender');
    if (!isRequester(actor, parties))
      throw forbidden('Only the agency running the tender (or the tenderee without one) requests draws');
    return { tender, parties };
  }

  /** Experts found by name for the request's exclusions, for the one who may request the tender's draws. */
  async exclusionCandidates(actor: Actor, tenderId: string, q: string, limit: number) {
    await this.requesterOf(actor, tenderId);
    return exclusionCandidates(this.experts.models, q, limit);
  }

  async request(ctx: RequestContext, tenderId: string, body: DrawRequestBody): Promise<DrawView> {
    const actor = ctx.actor!;
    const { tender, parties } = await this.requesterOf(actor, tenderId);
    if (!tender.publishedAt)
      throw conflict('TENDER_NOT_OPEN', 'Experts are drawn for published tenders only');
    await this.deps.tenders.holds.assertNotHeld(tenderId); // a supervisor's hold (监督暂停) comes first
    // A failed (流标) or cancelled tender has no evaluation to draw experts for.
    if (!can(tender.status, 'requestExpertDraw')) {
      const message = `A ${tender.status} tender has no evaluation: no experts are drawn for it`;
      throw conflict('TENDER_NOT_OPEN', message, { status: tender.status });
    }
    if (!tender.sections.some((s) => s.id === body.sectionId)) {
      throw unprocessable('UNKNOWN_SECTION', 'The section is not one of this tender', [
        { path: 'sectionId', message: 'not a section of the tender', code: 'UNKNOWN_SECTION' },
      ]);
    }
    const supervisor = await this.deps.identity.findUser(body.supervisorUserId);
    if (!supervisor || supervisor.role !== 'supervisor' || supervisor.status !== 'active') {
      throw unprocessable('NOT_A_SUPERVISOR', 'The witness must be an active supervisor', [
        { path: 'supervisorUserId', message: 'not an active supervisor', code: 'NOT_A_SUPERVISOR' },
      ]);
    }
    const request: DrawRequest = {
      sectionId: body.sectionId,
      localRegionPrefix: body.localRegionPrefix,
      slots: body.slots.map(({ specialty, count, remote }) => ({ specialty, count, remote })),
      evaluationDate: body.evaluationDate,
      place: body.place,
      exclusions: [...body.exclusions, ...(await this.creditExclusions(body.exclusions))],
    };
    const problems = drawRequestProblems(request, await this.deps.catalog.current());
    if (problems.length > 0) {
      throw unprocessable(
        'DRAW_REQUEST_INVALID',
        problems.join('; '),
        problems.map((message) => ({ path: 'slots', message, code: 'DRAW_REQUEST_INVALID' })),
      );
    }
    const secret = newDrawSecret();
    const pending: DrawRecord = {
      version: 1,
      request,
      requestDigest: requestDigest(request),
      commitment: commitment(secret),
      entropy: '',
      secret: null,
      steps: [],
    };
    const { db, audit, events, cipher } = this.deps;
    const id = await db.transaction(async (t) => {
      const draw = await this.models.ExpertDraw.create(
        {
          id: randomUUID(),
          tenderId,
          sectionId: body.sectionId,
          ...parties,
          requestedBy: actor.userId,
          supervisorUserId: supervisor.id,
          status: 'committed',
          requestDigest: pending.requestDigest,
          commitment: pending.commitment,
          secretCipher: cipher.encrypt(secret),
          entropy: null,
          bidderUsccs: JSON.stringify(body.bidderUsccs),
          respondMinutes: body.respondMinutes ?? this.deps.settings.respondMinutes,
          record: JSON.stringify(pending),
          witnessedAt: null,
          drawnAt: null,
          announcedAt: null,
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: 'expert-draw.request',
        subject: `expert-draw:${draw.id}`,
        data: {
          tenderId,
          requestDigest: draw.requestDigest,
          commitment: draw.commitment,
          supervisorUserId: supervisor.id,
        },
      });
      await events.emit(t, ctx, 'expert-draw.requested', {
        ...this.event(draw),
        commitment: draw.commitment,
        supervisorUserId: supervisor.id,
      });
      return draw.id;
    });
    return this.view(actor, id);
  }

  /** The supervisor witnesses the committed request and may add entropy; after this the draw can run. */
  async witness(ctx: RequestContext, id: string, entropy: string): Promise<DrawView> {
    await this.deps.db.transaction(async (t) => {
      const draw = await this.lock(t, id, ctx.actor);
      if (ctx.actor?.userId !== draw.supervisorUserId)
        throw forbidden('Only the draw’s supervisor witnesses it');
      if (draw.status !== 'committed') throw conflict('DRAW_NOT_COMMITTED', 'The draw was witnessed already');
      await draw.update(
        { status: 'witnessed', entropy, witnessedAt: this.deps.clock.now() },
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'expert-draw.witness',
        subject: `expert-draw:${id}`,
        data: { entropy },
      });
      await this.deps.events.emit(t, ctx, 'expert-draw.witnessed', {
        ...this.event(draw),
        withEntropy: entropy !== '',
      });
    });
    return this.view(ctx.actor, id);
  }

  /** Runs the initial draw over the experts eligible now; too few gives 409 naming each shortfall. */
  async run(ctx: RequestContext, id: string): Promise<DrawView> {
    const { db, audit, events, clock } = this.deps;
    const outcome = await db.transaction(async (t) => {
      const draw = await this.lock(t, id, ctx.actor);
      if (!isRequester(ctx.actor, draw) && ctx.actor?.userId !== draw.supervisorUserId) throw forbidden();
      // The agency's run waits out a supervisory hold; the draw's own supervisor may still run it.
      if (ctx.actor?.userId !== draw.supervisorUserId)
        await this.deps.tenders.holds.assertNotHeld(draw.tenderId, t);
      if (draw.status !== 'witnessed') {
        throw conflict('DRAW_NOT_WITNESSED', 'A draw runs once, after its supervisor witnessed the request');
      }
      const pending = parseRecord(draw);
      const pool = await this.eligiblePool(draw, pending.request, t);
      let record: DrawRecord;
      try {
        record = startDraw({
          request: pending.request,
          secret: this.secretOf(draw),
          entropy: draw.entropy ?? '',
          pool,
          catalog: await this.deps.catalog.current(t),
        });
      } catch (err) {
        if (err instanceof DrawShortfallError) return { shortfall: err };
        throw err;
      }
      const now = clock.now();
      await draw.update(
        { status: 'drawn', drawnAt: now, record: JSON.stringify(record) },
        { transaction: t },
      );
      const members = record.steps[0]!.selected;
      for (const member of members) await this.seat(t, ctx, draw, record, member, 0, now);
      await audit.append(t, ctx, {
        action: 'expert-draw.run',
        subject: `expert-draw:${id}`,
        data: { eligible: record.steps[0]!.eligible.length, members: members.map((m) => m.expertId) },
      });
      await events.emit(t, ctx, 'expert-draw.drawn', { ...this.event(draw), members: members.length });
      return { shortfall: null };
    });
    if (outcome.shortfall) {
      // The failed attempt is recorded too (the draw stays witnessed, to run again once the pool allows).
      await db.transaction((t) =>
        audit.append(t, ctx, {
          action: 'expert-draw.shortfall',
          subject: `expert-draw:${id}`,
          data: { shortfalls: outcome.shortfall.shortfalls },
        }),
      );
      throw conflict('DRAW_SHORTFALL', outcome.shortfall.message, {
        shortfalls: outcome.shortfall.shortfalls,
      });
    }
    return this.view(ctx.actor, id);
  }

  /** The agency announces the committee: every seat confirmed; the secret is revealed for anyone to verify. */
  async announce(ctx: RequestContext, id: string): Promise<DrawView> {
    await this.deps.db.transaction(async (t) => {
      const draw = await this.lock(t, id, ctx.actor);
      if (!isRequester(ctx.actor, draw))
        throw forbidden('Only the agency running the tender announces the result');
      await this.deps.tenders.holds.assertNotHeld(draw.tenderId, t);
      if (draw.status !== 'drawn')
        throw conflict('DRAW_NOT_DRAWN', 'Only a drawn, not yet announced draw is announced');
      const record = parseRecord(draw);
      const members = await this.members(draw.id, t);
      const seated = seatedMembers(record);
      const unconfirmed = seated.filter(
        (s) => members.find((m) => m.expertId === s.expertId)?.status !== 'confirmed',
      );
      const seats = record.request.slots.reduce((n, s) => n + s.count, 0);
      if (unconfirmed.length > 0 || seated.length !== seats) {
        throw conflict('COMMITTEE_INCOMPLETE', 'Every drawn expert must confirm before the announcement', {
          unconfirmed: unconfirmed.length,
        });
      }
      const secret = this.secretOf(draw);
      const now = this.deps.clock.now();
      await draw.update(
        { status: 'announced', announcedAt: now, record: JSON.stringify(revealSecret(record, secret)) },
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'expert-draw.announce',
        subject: `expert-draw:${id}`,
        data: { secret },
      });
      await this.deps.events.emit(t, ctx, 'expert-draw.announced', { ...this.event(draw), secret });
    });
    return this.view(ctx.actor, id);
  }

  async view(actor: Actor | null, id: string, transaction?: Transaction): Promise<DrawView> {
    const draw = await this.models.ExpertDraw.findByPk(id, { transaction });
    if (!draw) throw notFound('Draw');
    const members = await this.members(id, transaction);
    const own = actor?.role === 'expert' ? await this.experts.findByUser(actor.userId) : null;
    const ownExpertId = own && members.some((m) => m.expertId === own.id) ? own.id : null;
    const viewer = viewerOf(actor, draw, ownExpertId);
    if (viewer === 'none') throw notFound('Draw');
    const experts = await this.experts.models.Expert.findAll({
      where: { id: { [Op.in]: members.map((m) => m.expertId) } },
      attributes: ['id', 'name', 'title'],
      transaction,
    });
    const record = parseRecord(draw);
    const exclusions = await namedExclusions(this.experts.models, actor, draw, record, transaction);
    return {
      ...toDrawView(draw, record, members, new Map(experts.map((e) => [e.id, e])), viewer, ownExpertId),
      exclusions,
    };
  }

  /** Draws of a tender the caller may see, newest first. */
  async listForTender(actor: Actor, tenderId: string): Promise<DrawView[]> {
    const draws = await this.models.ExpertDraw.findAll({
      where: { tenderId },
      order: [['createdAt', 'DESC']],
      limit: 100,
    });
    const views = await Promise.all(draws.map((d) => this.view(actor, d.id).catch(() => null)));
    return views.filter((v): v is DrawView => v !== null);
  }

  /** A supervisor's draws to witness and watch, newest first. */
  async listForSupervisor(actor: Actor): Promise<DrawView[]> {
    const draws = await this.models.ExpertDraw.findAll({
      where: { supervisorUserId: actor.userId },
      order: [['createdAt', 'DESC']],
      limit: 200,
    });
    return Promise.all(draws.map((d) => this.view(actor, d.id)));
  }

  /** The record: the supervisor's before the announcement (secret withheld), anyone's after it. */
  async record(actor: Actor | null, id: string): Promise<DrawRecord> {
    const draw = await this.models.ExpertDraw.findByPk(id);
    if (!draw) throw notFound('Draw');
    const viewer = viewerOf(actor, draw, null);
    if (viewer !== 'public' && viewer !== 'supervisor') throw notFound('Draw record');
    return parseRecord(draw);
  }

  /** Re-runs the announced draw from its own record, as anyone can with the CLI. */
  async verify(id: string): Promise<DrawVerdict> {
    const record = await this.record(null, id);
    return verifyDraw(record, await this.deps.catalog.current());
  }

  async eligiblePool(draw: ExpertDraw, request: DrawRequest, t: Transaction) {
    const tender = await this.deps.tenders.view(draw.tenderId, t);
    const bidders = JSON.parse(draw.bidderUsccs) as string[];
    const agencyUscc = tender.agency?.uscc ?? null;
    const pool = await poolSnapshot(
      { ...this.experts.models, ...this.models },
      {
        evaluationDate: request.evaluationDate,
        partyUsccs: [tender.tenderee.uscc, ...(agencyUscc ? [agencyUscc] : []), ...bidders],
        tendereeUscc: tender.tenderee.uscc,
        cooldownDays: this.deps.settings.sameTendereeCooldownDays,
        drawId: draw.id,
        // Only experts the request could draw: the same candidates, read in proportion to them (issue 18).
        specialties: request.slots.map((s) => s.specialty),
      },
      t,
    );
    return eligibility(pool, {
      tendereeUscc: tender.tenderee.uscc,
      agencyUscc,
      bidderUsccs: bidders,
      evaluationDate: request.evaluationDate,
      minCreditScore: this.deps.settings.minCreditScore,
      sameTendereeCooldownDays: this.deps.settings.sameTendereeCooldownDays,
      exclusions: request.exclusions,
    }).eligible;
  }

  /** Seats a drawn expert: the member row, the in-app message and the SMS/voice channel, the invited event. */
  async seat(
    t: Transaction,
    ctx: RequestContext,
    draw: ExpertDraw,
    record: DrawRecord,
    member: DrawnMember,
    step: number,
    now: Date,
  ) {
    const respondBy = new Date(now.getTime() + draw.respondMinutes * 60_000);
    const tender = await this.deps.tenders.view(draw.tenderId, t);
    await this.models.DrawMember.create(
      {
        id: randomUUID(),
        drawId: draw.id,
        expertId: member.expertId,
        slot: member.slot,
        locality: member.locality,
        step,
        status: 'invited',
        respondBy,
        respondedAt: null,
        declineReason: null,
        tendereeUscc: tender.tenderee.uscc,
        evaluationDate: record.request.evaluationDate,
      },
      { transaction: t },
    );
    const expert = await this.experts.models.Expert.findByPk(member.expertId, { transaction: t });
    const body = [
      `您已被随机抽取为“${tender.title}”（${tender.code}）的评标专家。`,
      `评标时间：${record.request.evaluationDate}，地点：${record.request.place}。`,
      // Read by a person, on a phone too (the SMS carries the same text): Beijing time, not an ISO instant.
      `请于北京时间 ${chinaTime(respondBy.toISOString())} 前在平台确认是否参加；逾期视为不参加。评标委员会名单在结果公布前保密。`,
    ].join('\n');
    await this.deps.notifier.notify(t, {
      expertId: member.expertId,
      phone: expert?.phone ?? '',
      drawId: draw.id,
      kind: 'draw-invitation',
      title: '评标专家抽取通知',
      body,
      at: now,
    });
    await this.deps.events.emit(t, ctx, 'expert-draw.invited', {
      ...this.event(draw),
      expertId: member.expertId,
      expertUserId: expert?.userId ?? null,
      respondBy: respondBy.toISOString(),
    });
  }

  async members(drawId: string, transaction?: Transaction): Promise<DrawMember[]> {
    return this.models.DrawMember.findAll({
      where: { drawId },
      order: [
        ['step', 'ASC'],
        ['slot', 'ASC'],
        ['createdAt', 'ASC'],
      ],
      transaction,
    });
  }

  async lock(t: Transaction, id: string, actor: Actor | null): Promise<ExpertDraw> {
    const draw = await this.models.ExpertDraw.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    // Those with no view of the draw do not learn it exists.
    if (!draw || viewerOf(actor, draw, null) === 'none') throw notFound('Draw');
    return draw;
  }

  secretOf(draw: ExpertDraw): string {
    return this.deps.cipher.decrypt(draw.secretCipher);
  }

  event(draw: ExpertDraw) {
    return {
      drawId: draw.id,
      tenderId: draw.tenderId,
      sectionId: draw.sectionId,
      at: this.deps.clock.now().toISOString(),
    };
  }
}
