import type { Transaction } from 'sequelize';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { can } from '../tenders/index.js';
import type { Tender } from '../tenders/index.js';
import type { HallEvent, OpeningHallModels } from './models.js';
import type { BidderRoster, OpeningProgressSource } from './progress.js';
import { ALREADY_DONE, HallWriter } from './writer.js';
import type { PartiesPort, TendersPort } from './ports.js';

/** Objections are raised at the opening (SS Art.44: 开标现场提出): from the opening time until this long after it ended. */
export const OBJECTION_WINDOW_MS = 30 * 60_000;
export const MAX_OBJECTIONS_PER_BIDDER = 20;

export interface HallDeps {
  clock: Clock;
  tenders: TendersPort;
  parties: PartiesPort;
  bids: BidderRoster;
  opening: OpeningProgressSource;
}

export type Recorded = { event: HallEvent; replayed: boolean };

/**
 * The people's steps in the hall, each authorized against the tender as it stands when the step is made
 * (never against what the socket was allowed when it joined): check-in, objection, answer.
 */
export class HallService {
  constructor(
    private readonly models: OpeningHallModels,
    private readonly writer: HallWriter,
    private readonly deps: HallDeps,
  ) {}

  /** A published tender's hall; anything else does not exist for the hall (404, as for unknown ids). */
  async tender(id: string): Promise<Tender> {
    const tender = await this.deps.tenders.find(id);
    if (!tender || tender.publishedAt === null) throw notFound('Opening hall');
    return tender;
  }

  /** 签到: a bidder party that has a bid in, once, until the opening is over. */
  async checkIn(ctx: RequestContext, tenderId: string, eventId: string): Promise<Recorded> {
    const actor = this.bidder(ctx.actor);
    const tender = await this.tender(tenderId);
    await this.deps.tenders.holds.assertNotHeld(tenderId); // a supervisor's hold (监督暂停) stops the hall
    if (!can(tender.status, 'checkIn')) {
      throw conflict('HALL_CLOSED', 'This tender has no opening');
    }
    const progress = await this.deps.opening.progress(tenderId);
    if (progress?.completedAt) throw conflict('HALL_CLOSED', 'The opening is over');
    await this.assertHasBid(tenderId, actor.partyId);
    const onceKey = `check-in:${actor.partyId}`;
    const partyName = await this.partyName(actor.partyId);
    return this.once(
      {
        tenderId,
        kind: 'check-in',
        // Before the deadline a check-in would tell the public that someone bid (EB Art.21, 27).
        public: this.deps.clock.now() >= tender.bidDeadline,
        onceKey,
        data: { private: { partyId: actor.partyId, partyName } },
        by: { ctx, clientEventId: eventId, name: `${partyName} / ${actor.displayName}` },
      },
      'HALL_ALREADY_CHECKED_IN',
      'Your party has already checked in',
    );
  }

  /** 异议: a bidder that checked in, at the opening (from its time until a while after it ended). */
  async raiseObjection(ctx: RequestContext, tenderId: string, eventId: string, text: string) {
    const actor = this.bidder(ctx.actor);
    const tender = await this.tender(tenderId);
    await this.deps.tenders.holds.assertNotHeld(tenderId);
    const now = this.deps.clock.now();
    if (now < tender.bidDeadline) throw conflict('HALL_NOT_OPEN', 'Objections are raised at the opening');
    const progress = await this.deps.opening.progress(tenderId);
    const end = progress?.completedAt ? progress.completedAt.getTime() + OBJECTION_WINDOW_MS : Infinity;
    if (now.getTime() > end) throw conflict('HALL_CLOSED', 'The time for objections at this opening is over');
    await this.assertHasBid(tenderId, actor.partyId);
    const partyName = await this.partyName(actor.partyId);
    return this.writer.append(
      {
        tenderId,
        kind: 'objection',
        public: true,
        data: { text, private: { partyId: actor.partyId, partyName } },
        by: { ctx, clientEventId: eventId, name: `${partyName} / ${actor.displayName}` },
      },
      async (t) => {
        if (!(await this.find(t, tenderId, { onceKey: `check-in:${actor.partyId}` }))) {
          throw conflict('HALL_NOT_CHECKED_IN', 'Check in before raising an objection');
        }
        const raised = await this.models.HallEvent.count({
          where: { tenderId, kind: 'objection', actorPartyId: actor.partyId },
          transaction: t,
        });
        if (raised >= MAX_OBJECTIONS_PER_BIDDER) {
          throw conflict('HALL_TOO_MANY_OBJECTIONS', 'Your party has raised the most objections allowed');
        }
      },
    );
  }

  /** The answer, live, by the agency running the tender (or the tenderee running it without one); once. */
  async answerObjection(
    ctx: RequestContext,
    tenderId: string,
    eventId: string,
    objectionId: string,
    text: string,
  ) {
    const tender = await this.tender(tenderId);
    if (!mayAnswer(ctx.actor, tender)) {
      throw forbidden('Only the agency running this tender (or the tenderee without one) answers objections');
    }
    await this.deps.tenders.holds.assertNotHeld(tenderId);
    const objection = await this.models.HallEvent.findOne({
      where: { id: objectionId, tenderId, kind: 'objection' },
    });
    if (!objection) throw notFound('Objection');
    return this.once(
      {
        tenderId,
        kind: 'answer',
        public: true,
        onceKey: `answer:${objectionId}`,
        data: { objectionId, text },
        by: { ctx, clientEventId: eventId, name: ctx.actor!.displayName },
      },
      'HALL_ALREADY_ANSWERED',
      'This objection has been answered',
    );
  }

  /** An event that may happen once: refused with its own code when it already did. */
  private async once(
    input: Parameters<HallWriter['append']>[0] & { onceKey: string },
    code: string,
    message: string,
  ): Promise<Recorded> {
    const { tenderId, onceKey } = input;
    const refuse = () => conflict(code, message);
    try {
      return await this.writer.append(input, async (t) => {
        if (await this.find(t, tenderId, { onceKey })) throw refuse();
      });
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === ALREADY_DONE) throw refuse();
      throw err;
    }
  }

  private find(t: Transaction, tenderId: string, where: { onceKey: string }) {
    return this.models.HallEvent.findOne({ where: { tenderId, ...where }, transaction: t });
  }

  private bidder(actor: Actor | null): Actor & { partyId: string } {
    if (actor?.role !== 'bidder' || !actor.partyId)
      throw forbidden('Only bidders check in and raise objections');
    return actor as Actor & { partyId: string };
  }

  private async assertHasBid(tenderId: string, partyId: string): Promise<void> {
    const bids = await this.deps.bids.submittedBids(tenderId);
    if (!bids.some((b) => b.bidderPartyId === partyId)) {
      throw forbidden('Only bidders with a bid in this tender take part in its opening');
    }
  }

  private async partyName(partyId: string): Promise<string> {
    return (await this.deps.parties.find(partyId))?.name ?? partyId;
  }
}

export function mayAnswer(actor: Actor | null, tender: Tender): boolean {
  if (!actor?.partyId) return false;
  if (tender.agencyPartyId) return actor.role === 'agency' && actor.partyId === tender.agencyPartyId;
  return actor.role === 'tenderee' && actor.partyId === tender.tendereePartyId;
}
