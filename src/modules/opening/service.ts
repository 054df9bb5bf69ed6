import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { runAgainAt, type Job, type JobContext } from '../../platform/jobs/index.js';
import { can } from '../tenders/index.js';
import type { Tender } from '../tenders/index.js';
import { OPENING_JOB, systemContext, type OpeningDeps, type OpeningRuntime } from './deps.js';
import './events.js';
import type { OpeningModels } from './models.js';
import { publishRecord } from './publish.js';
import { settleBids } from './settle.js';
import { frozenWindows, MIN_BIDS } from './snapshot.js';

export interface OpeningJobPayload {
  tenderId: string;
}

/** How often a held tender's opening looks again whether the supervisor lifted the hold. */
export const HOLD_RECHECK_MS = 60_000;
/**
 * The opening (开标) as a durable job at the deadline (docs/design.md §6.5). Each run moves it forward from what
 * the database says is done: freeze the bids (once), settle each bid that can be settled, publish each
 * section's record once all its bids are settled, and finally move the tender on, completing the job in that
 * same transaction. Every step re-checks under a row lock, so a rerun after a crash, or a second node,
 * never does a step twice.
 */
export class OpeningService {
  constructor(
    readonly models: OpeningModels,
    private readonly deps: OpeningRuntime,
  ) {}

  /** Schedules the opening at publication and moves it with the deadline, in the tender's own transaction. */
  subscribe(): void {
    const { events, jobs } = this.deps;
    const schedule = async (t: Transaction, tenderId: string) => {
      const tender = await this.deps.tenders.view(tenderId, t);
      const runAt = new Date(tender.schedule.bidDeadline);
      const payload: OpeningJobPayload = { tenderId };
      await jobs.schedule(t, { kind: OPENING_JOB, key: tenderId, runAt, payload });
    };
    events.within('tender.published', (t, e) => schedule(t, e.tenderId));
    events.within('tender.clarified', (t, e) =>
      e.deadlineMoved ? schedule(t, e.tenderId) : Promise.resolve(),
    );
    events.within('tender.cancelled', async (t, e) => {
      await jobs.cancel(t, OPENING_JOB, e.tenderId);
    });
  }

  register(): void {
    this.deps.jobs.register<OpeningJobPayload>(OPENING_JOB, (job, ctx) => this.run(job, ctx), {
      maxAttempts: 10,
      backoffMs: (n) => Math.min(1000 * 2 ** n, 60_000),
    });
  }

  /** One run of the job: as far as the opening can go now; runs again later if it must wait. */
  async run(job: Pick<Job<OpeningJobPayload>, 'payload'>, ctx?: Pick<JobContext, 'complete' | 'signal'>) {
    const { tenderId } = job.payload;
    // A supervisor's hold (监督暂停) defers the opening at whatever stage it is: nothing is frozen, decrypted
    // or published until it is lifted. The job is not failed nor lost: it looks again a little later.
    if (await this.deps.tenders.holds.activeHold(tenderId)) return this.deferWhileHeld();
    const started = await this.start(tenderId, ctx);
    if (started !== 'open') return started;
    const opening = (await this.models.Opening.findByPk(tenderId))!;
    const tender = await this.deps.tenders.view(tenderId);
    const sections = await this.models.OpeningSection.findAll({ where: { tenderId, status: 'collecting' } });
    // The bids not settled yet, read a window at a time as settling goes (snapshot.ts).
    const unsettled = { tenderId, sectionId: sections.map((s) => s.sectionId), outcome: null };
    const count = await this.models.OpeningBid.count({ where: unsettled });
    const windows = frozenWindows(this.models, tenderId, unsettled);
    const { windowEndsAt } = opening;
    // While shares are awaited the decrypt workers start (and stay while the job keeps polling), so the
    // run that receives the last share decrypts at once instead of first starting threads.
    if (count > 0) this.deps.decrypter.warm();
    await settleBids(
      this.models,
      this.deps,
      { count, windows },
      tender.bidFormFields,
      windowEndsAt,
      ctx?.signal,
    );
    for (const section of sections) await publishRecord(this.models, this.deps, tender, section);
    if (await this.finish(tenderId, ctx)) return { status: 'complete' };
    const now = this.deps.clock.now().getTime();
    const windowEnd = opening.windowEndsAt.getTime();
    return runAgainAt(
      new Date(now < windowEnd ? Math.min(now + this.deps.pollMs, windowEnd) : now + this.deps.pollMs),
    );
  }

  /**
   * Freezes the bids at the deadline, once: the snapshot, one row per section (a section with fewer than 3
   * bids fails here and none of its bids is opened), the tender to 'opening'. Returns 'open' while there is
   * opening work, or what became of the job.
   */
  private async start(tenderId: string, ctx?: Pick<JobContext, 'complete'>) {
    const { db, clock, tenders, audit, events, notices } = this.deps;
    return db.transaction(async (t) => {
      const locked = await tenders.lockForOpening(tenderId, t);
      if (!locked) return { skipped: 'no such tender' };
      const { tender } = locked;
      // Again under the lock that placing a hold takes too: a hold placed meanwhile still defers.
      if (await tenders.holds.activeHold(tenderId, t)) return this.deferWhileHeld();
      // The tender's row lock orders every run for this tender; no lock on a row that may not exist yet
      // (on MySQL that is a gap lock, and two openings at one deadline would deadlock on their inserts).
      const opening = await this.models.Opening.findByPk(tenderId, { transaction: t });
      if (opening) return opening.status === 'complete' ? { status: opening.result } : ('open' as const);
      const now = clock.now();
      if (tender.bidDeadline > now) return runAgainAt(tender.bidDeadline);
      const ctxSystem = systemContext(`opening:${tenderId}`);
      if (can(tender.status, 'closeBidding')) await tenders.transition(t, ctxSystem, tender, 'closeBidding');
      // An objection holds the tender; its answer resumes it (or a clarification moves the deadline).
      if (can(tender.status, 'resume')) return runAgainAt(new Date(now.getTime() + 60_000));
      if (!can(tender.status, 'startOpening')) return { skipped: `tender is ${tender.status}` };
      // Read under the tender's lock, which a bid's commit also takes: no bid commits after this read.
      const snapshot = await this.deps.bids.submittedBids(tenderId, t);
      await this.freeze(t, tender, locked.sections, snapshot, now);
      await tenders.transition(t, ctxSystem, tender, 'startOpening');
      await events.publishAfterCommit(t, ctxSystem, 'opening.started', { tenderId });
      const sections = await this.models.OpeningSection.findAll({ where: { tenderId }, transaction: t });
      for (const s of sections.filter((x) => x.status === 'failed')) {
        const view = (await tenders.view(tenderId, t)).sections.find((x) => x.id === s.sectionId)!;
        const section = { ...view, bidCount: s.bidCount };
        await notices.announceFailure(t, ctxSystem, tenderId, s.position, section, now);
        await events.publishAfterCommit(t, ctxSystem, 'opening.section-failed', {
          tenderId,
          sectionId: s.sectionId,
        });
      }
      await audit.append(t, ctxSystem, {
        action: 'opening.start',
        subject: `tender:${tenderId}`,
        data: { sections: sections.map((s) => ({ id: s.sectionId, bids: s.bidCount, status: s.status })) },
      });
      if (sections.every((s) => s.status === 'failed')) {
        await this.complete(t, tender, 'failed', ctx);
        return { status: 'failed' };
      }
      return 'open' as const;
    });
  }

  private async freeze(
    t: Transaction,
    tender: Tender,
    sections: { id: string; position: number }[],
    snapshot: Awaited<ReturnType<OpeningDeps['bids']['submittedBids']>>,
    now: Date,
  ) {
    await this.models.Opening.create(
      {
        tenderId: tender.id,
        status: 'collecting',
        startedAt: now,
        windowEndsAt: new Date(tender.bidDeadline.getTime() + this.deps.windowMs),
        completedAt: null,
        result: null,
      },
      { transaction: t },
    );
    for (const s of sections) {
      const count = snapshot.filter((b) => b.sectionId === s.id).length;
      await this.models.OpeningSection.create(
        {
          id: randomUUID(),
          tenderId: tender.id,
          sectionId: s.id,
          position: s.position,
          status: count < MIN_BIDS ? 'failed' : 'collecting',
          bidCount: count,
          record: null,
          signature: null,
          publishedAt: null,
        },
        { transaction: t },
      );
    }
    await this.models.OpeningBid.bulkCreate(
      snapshot.map((b) => ({
        bidId: b.bidId,
        tenderId: b.tenderId,
        sectionId: b.sectionId,
        bidderPartyId: b.bidderPartyId,
        version: b.version,
        header: b.headerJson,
        ciphertextSha256: b.ciphertextSha256,
        size: b.size,
        receivedAt: b.receivedAt,
        outcome: null,
        reason: null,
        blamed: null,
        detail: null,
        keySource: null,
        form: null,
        attachments: null,
        packageSha256: null,
        packageSize: null,
        settledAt: null,
      })),
      { transaction: t },
    );
  }

  /** The next look at a held tender's opening: soon after the hold is lifted, at the latest. */
  private deferWhileHeld() {
    return runAgainAt(new Date(this.deps.clock.now().getTime() + HOLD_RECHECK_MS));
  }

  /** Moves the tender on once every section failed or has its record out; the job completes with it. */
  private async finish(tenderId: string, ctx?: Pick<JobContext, 'complete'>): Promise<boolean> {
    return this.deps.db.transaction(async (t) => {
      const tender = (await this.deps.tenders.lockForOpening(tenderId, t))?.tender;
      const sections = await this.models.OpeningSection.findAll({ where: { tenderId }, transaction: t });
      if (!tender || sections.some((s) => s.status === 'collecting')) return false;
      if (await this.deps.tenders.holds.activeHold(tenderId, t)) return false; // completes once lifted
      if (!can(tender.status, 'completeOpening')) return true;
      const result = sections.every((s) => s.status === 'failed') ? 'failed' : 'evaluating';
      await this.complete(t, tender, result, ctx);
      return true;
    });
  }

  private async complete(
    t: Transaction,
    tender: Tender,
    result: 'failed' | 'evaluating',
    ctx?: Pick<JobContext, 'complete'>,
  ) {
    const ctxSystem = systemContext(`opening:${tender.id}`);
    await this.deps.tenders.transition(
      t,
      ctxSystem,
      tender,
      result === 'failed' ? 'fail' : 'startEvaluation',
    );
    await this.models.Opening.update(
      { status: 'complete', result, completedAt: this.deps.clock.now() },
      { where: { tenderId: tender.id }, transaction: t },
    );
    await this.deps.audit.append(t, ctxSystem, {
      action: 'opening.complete',
      subject: `tender:${tender.id}`,
      data: { status: result },
    });
    await ctx?.complete(t, { status: result });
    await this.deps.events.publishAfterCommit(t, ctxSystem, 'opening.completed', {
      tenderId: tender.id,
      status: result,
    });
  }
}
