import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { can, mayManage, ruleViolation, type Tender, type TenderView } from '../tenders/index.js';
import './events.js';
import type { Contract, ContractModels, FaultOf, PerformanceKind } from './models.js';
import type { AwardPort, NoticesPort, OpeningPort, TendersPort } from './ports.js';
import { contractTerms, paymentCeiling, type Violation } from './rules/terms.js';
import {
  contractDeadline,
  depositReturnDeadline,
  depositReturnedLate,
  signedLate,
  startOfDay,
  CONTRACT_WARNING_DAY,
  CONTRACT_DAYS,
} from './rules/limits.js';
import { contractView, type ContractView, type MyContractView, type SectionContractState } from './views.js';

export const CONTRACT_DEADLINE_JOB = 'contract-deadline';
export const DEPOSIT_DEADLINE_JOB = 'contract-deposits';

export interface ContractDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  jobs: JobQueue;
  tenders: TendersPort;
  award: AwardPort;
  opening: OpeningPort;
  notices: NoticesPort;
}

/** The contract as the tenderee records it (ZB Art.46): its terms, checked against the award. */
export interface SignInput {
  /** The winner's party: the contract is with the awarded party only. */
  supplierPartyId: string;
  /** Must equal the awarded price (ZB Art.46: no agreement departing from the substance of the bid). */
  priceFen: number;
  subject: string;
  quality: string;
  paymentMethod: string;
  /** The Beijing date performance starts, YYYY-MM-DD. */
  startsOn: string;
  dueAt: Date;
  /** When it was signed; absent: now. */
  signedAt?: Date;
}

export interface DepositReturnInput {
  bidderPartyId: string;
  amountFen: number;
  /** Absent: now. */
  returnedAt?: Date;
}

export interface MilestoneInput {
  description: string;
  plannedAt: Date;
  actualAt?: Date | null;
}

export interface PaymentInput {
  amountFen: number;
  /** Absent: now. */
  paidAt?: Date;
  description?: string;
}

export interface ChangeInput {
  reason: string;
  /** The change of the contract amount in fen; 0 for a change of other terms, negative for a reduction. */
  amountChangeFen: number;
}

export interface AcceptInput {
  /** Absent: now. */
  acceptedAt?: Date;
}

export interface TerminateInput {
  reason: string;
  faultOf: FaultOf;
}

/** What the next stages (open data, the demo seed) read of a section's contract. */
export interface ContractFacts extends ContractView {
  tenderId: string;
  sectionId: string;
  awardId: string;
}

const ONE_MINUTE = 60_000;

/**
 * The contract (合同, ZB Art.46, SS Art.57) and performance (履约) of awarded sections: the tenderee or its
 * agency records the contract signed with the winner at the awarded price within 30 days of the award
 * notice (late ones are recorded and flagged), or the winner's refusal (SS Art.74); each bidder's deposit
 * returned within 5 days of the contract; then milestones, payments, changes, acceptance or termination.
 * Every step is one transaction under the tender's lock (a supervisor's hold refuses it), audited and emitted.
 */
export class ContractService {
  constructor(
    private readonly models: ContractModels,
    private readonly deps: ContractDeps,
  ) {}

  /** Records the signed contract of a section, with its 合同公告; the last one moves the tender to contracted. */
  async sign(
    ctx: RequestContext,
    tenderId: string,
    sectionId: string,
    input: SignInput,
  ): Promise<ContractView> {
    const { db, audit, clock, events, tenders, notices, jobs } = this.deps;
    const id = await db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      const view = await tenders.view(tenderId, t);
      const section = sectionOf(view, sectionId);
      if (await this.models.Contract.findOne({ where: { sectionId }, transaction: t }))
        throw conflict('CONTRACT_EXISTS', 'This section already has its contract');
      if (!can(tender.status, 'signContract'))
        throw conflict('TENDER_NOT_AWARDED', `A ${tender.status} tender has no award to sign a contract for`);
      const award = await this.deps.award.awardFor(sectionId, t);
      if (!award || award.tenderId !== tenderId)
        throw conflict('SECTION_NOT_AWARDED', 'This section has no confirmed winner');
      if (await this.models.Contract.findOne({ where: { sectionId }, transaction: t }))
        throw conflict('CONTRACT_EXISTS', 'This section already has its contract');
      if (await this.models.ContractRefusal.findOne({ where: { awardId: award.awardId }, transaction: t }))
        throw conflict('CONTRACT_REFUSED', 'The winner refused to sign this contract');
      const now = clock.now();
      const signedAt = input.signedAt ?? now;
      const broken: Violation[] = contractTerms(
        { awardedPartyId: award.bidderPartyId, awardedPriceFen: award.priceFen, noticeAt: award.noticeAt },
        { ...input, signedAt },
        now,
      );
      if (broken.length > 0) throw ruleViolation(broken);
      const late = signedLate(award.noticeAt, signedAt);
      const contract = await this.models.Contract.create(
        {
          id: randomUUID(),
          tenderId,
          sectionId,
          awardId: award.awardId,
          supplierPartyId: award.bidderPartyId,
          supplierName: award.bidderName,
          status: 'signed',
          priceFen: award.priceFen,
          subject: input.subject.trim(),
          quality: input.quality.trim(),
          paymentMethod: input.paymentMethod.trim(),
          startsOn: input.startsOn,
          dueAt: input.dueAt,
          signedAt,
          late,
          recordedBy: ctx.actor!.userId,
          noticeId: null,
          acceptedAt: null,
          terminatedAt: null,
          endReason: null,
          faultOf: null,
        },
        { transaction: t },
      );
      if (await this.everyAwardContracted(t, view)) await tenders.transition(t, ctx, tender, 'contract');
      const number = await this.models.Contract.count({ where: { tenderId }, transaction: t });
      const noticeId = await notices.announceContract(
        t,
        ctx,
        tenderId,
        number,
        {
          section: { code: section.code, name: section.name },
          supplierName: award.bidderName,
          priceFen: award.priceFen,
          subject: contract.subject,
          startsOn: contract.startsOn,
          dueAt: contract.dueAt.toISOString(),
          quality: contract.quality,
          paymentMethod: contract.paymentMethod,
          signedAt: signedAt.toISOString(),
          late,
        },
        now,
      );
      await contract.update({ noticeId }, { transaction: t });
      // The deposits are due back within 5 days of signing (SS Art.57): look then at what is still missing.
      await jobs.schedule(t, {
        kind: DEPOSIT_DEADLINE_JOB,
        key: contract.id,
        runAt: new Date(depositReturnDeadline(signedAt).getTime() + 1),
        payload: { contractId: contract.id },
      });
      await audit.append(t, ctx, {
        action: 'contract.sign',
        subject: `tender:${tenderId}`,
        data: {
          sectionId,
          contractId: contract.id,
          priceFen: award.priceFen,
          late,
          signedAt: signedAt.toISOString(),
        },
      });
      await events.emit(t, ctx, 'contract.signed', {
        tenderId,
        sectionId,
        contractId: contract.id,
        awardId: award.awardId,
        supplierPartyId: award.bidderPartyId,
        priceFen: award.priceFen,
        signedAt: signedAt.toISOString(),
        late,
      });
      return contract.id;
    });
    return this.viewOf(id);
  }

  /** Records that the winner refused to sign (SS Art.74); the credit module takes it from the event. */
  async refuse(ctx: RequestContext, tenderId: string, sectionId: string, reason: string) {
    const { db, audit, clock, events, tenders } = this.deps;
    return db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      sectionOf(await tenders.view(tenderId, t), sectionId);
      if (await this.models.Contract.findOne({ where: { sectionId }, transaction: t }))
        throw conflict('CONTRACT_EXISTS', 'This section already has its contract');
      if (!can(tender.status, 'signContract'))
        throw conflict('TENDER_NOT_AWARDED', `A ${tender.status} tender has no award to refuse`);
      const award = await this.deps.award.awardFor(sectionId, t);
      if (!award || award.tenderId !== tenderId)
        throw conflict('SECTION_NOT_AWARDED', 'This section has no confirmed winner');
      if (await this.models.Contract.findOne({ where: { sectionId }, transaction: t }))
        throw conflict('CONTRACT_EXISTS', 'This section already has its contract');
      if (await this.models.ContractRefusal.findOne({ where: { awardId: award.awardId }, transaction: t }))
        throw conflict('CONTRACT_REFUSED', 'The refusal is already recorded');
      const at = clock.now();
      const refusal = await this.models.ContractRefusal.create(
        {
          id: randomUUID(),
          tenderId,
          sectionId,
          awardId: award.awardId,
          supplierPartyId: award.bidderPartyId,
          reason: reason.trim(),
          at,
          recordedBy: ctx.actor!.userId,
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: 'contract.refuse',
        subject: `tender:${tenderId}`,
        data: { sectionId, awardId: award.awardId, supplierPartyId: award.bidderPartyId },
      });
      await events.emit(t, ctx, 'contract.refused', {
        tenderId,
        sectionId,
        awardId: award.awardId,
        supplierPartyId: award.bidderPartyId,
        reason: refusal.reason,
        at: at.toISOString(),
      });
      return { sectionId, supplierName: award.bidderName, reason: refusal.reason, at: at.toISOString() };
    });
  }

  /** Records one bidder's deposit returned (SS Art.57), flagged late after the 5th day from signing. */
  async recordDepositReturn(
    ctx: RequestContext,
    tenderId: string,
    sectionId: string,
    input: DepositReturnInput,
  ) {
    const { db, audit, clock, events, tenders } = this.deps;
    await db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      const section = sectionOf(await tenders.view(tenderId, t), sectionId);
      if (!can(tender.status, 'returnDeposit'))
        throw conflict('TENDER_NOT_CONTRACTED', `A ${tender.status} tender returns no deposits`);
      const contract = await this.contractOf(t, sectionId);
      const bidders = await this.biddersOf(t, contract);
      const bidder = bidders.find((b) => b.partyId === input.bidderPartyId);
      const now = clock.now();
      const returnedAt = input.returnedAt ?? now;
      const broken: Violation[] = [];
      if (!bidder)
        broken.push({
          code: 'DEPOSIT_BIDDER_UNKNOWN',
          field: 'bidderPartyId',
          message: 'Not a bidder of this section',
        });
      if (section.depositFen > 0 && input.amountFen > section.depositFen)
        broken.push({
          code: 'DEPOSIT_AMOUNT_EXCEEDS',
          field: 'amountFen',
          message: 'More than the deposit the tender asked for',
          params: { depositFen: section.depositFen },
        });
      if (returnedAt < contract.signedAt || returnedAt.getTime() > now.getTime() + ONE_MINUTE)
        broken.push({
          code: 'DEPOSIT_RETURN_DATE_INVALID',
          field: 'returnedAt',
          message: 'A deposit is returned after the contract and not in the future',
        });
      if (broken.length > 0) throw ruleViolation(broken);
      const existing = await this.models.DepositReturn.findOne({
        where: { contractId: contract.id, bidderPartyId: input.bidderPartyId },
        transaction: t,
      });
      if (existing)
        throw conflict('DEPOSIT_ALREADY_RETURNED', 'This bidder’s deposit is already recorded as returned');
      const late = depositReturnedLate(contract.signedAt, returnedAt);
      await this.models.DepositReturn.create(
        {
          id: randomUUID(),
          contractId: contract.id,
          tenderId,
          bidderPartyId: bidder!.partyId,
          bidderName: bidder!.name,
          amountFen: input.amountFen,
          returnedAt,
          late,
          recordedBy: ctx.actor!.userId,
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: 'contract.return-deposit',
        subject: `tender:${tenderId}`,
        data: {
          sectionId,
          contractId: contract.id,
          bidderPartyId: bidder!.partyId,
          amountFen: input.amountFen,
          late,
        },
      });
      await events.emit(t, ctx, 'contract.deposit-returned', {
        tenderId,
        sectionId,
        contractId: contract.id,
        bidderPartyId: bidder!.partyId,
        amountFen: input.amountFen,
        returnedAt: returnedAt.toISOString(),
        late,
      });
      const returned = await this.models.DepositReturn.count({
        where: { contractId: contract.id },
        transaction: t,
      });
      if (returned >= bidders.length)
        await events.emit(t, ctx, 'contract.deposits-returned', {
          tenderId,
          sectionId,
          contractId: contract.id,
          at: now.toISOString(),
        });
    });
    return this.contractFor(sectionId, ctx.actor);
  }

  async recordMilestone(ctx: RequestContext, tenderId: string, sectionId: string, input: MilestoneInput) {
    await this.perform(ctx, tenderId, sectionId, 'performance.record-milestone', async (t, contract, now) => {
      const record = await this.record(t, contract, ctx, 'milestone', {
        description: input.description.trim(),
        plannedAt: input.plannedAt,
        actualAt: input.actualAt ?? null,
        amountFen: null,
        at: now,
      });
      await this.deps.events.emit(t, ctx, 'performance.milestone-recorded', {
        ...this.eventBase(contract),
        milestoneId: record.id,
        description: record.description,
        plannedAt: input.plannedAt.toISOString(),
        actualAt: input.actualAt ? input.actualAt.toISOString() : null,
      });
      return { milestoneId: record.id };
    });
    return this.contractFor(sectionId, ctx.actor);
  }

  /** A payment; the payments together may not exceed the contract price plus the recorded changes. */
  async recordPayment(ctx: RequestContext, tenderId: string, sectionId: string, input: PaymentInput) {
    await this.perform(ctx, tenderId, sectionId, 'performance.record-payment', async (t, contract, now) => {
      const paidAt = input.paidAt ?? now;
      const sums = await this.sums(t, contract);
      const broken = paymentCeiling({
        priceFen: contract.priceFen,
        changesFen: sums.changesFen,
        paidFen: sums.paidFen,
        amountFen: input.amountFen,
      });
      if (broken.length > 0) throw ruleViolation(broken);
      const record = await this.record(t, contract, ctx, 'payment', {
        description: (input.description ?? '').trim(),
        plannedAt: null,
        actualAt: null,
        amountFen: input.amountFen,
        at: paidAt,
      });
      await this.deps.events.emit(t, ctx, 'performance.payment-recorded', {
        ...this.eventBase(contract),
        paymentId: record.id,
        amountFen: input.amountFen,
        paidAt: paidAt.toISOString(),
        paidTotalFen: sums.paidFen + input.amountFen,
      });
      return { amountFen: input.amountFen };
    });
    return this.contractFor(sectionId, ctx.actor);
  }

  /** A change (合同变更) with its reason; the amount may not fall below what is already paid. */
  async recordChange(ctx: RequestContext, tenderId: string, sectionId: string, input: ChangeInput) {
    await this.perform(ctx, tenderId, sectionId, 'performance.record-change', async (t, contract, now) => {
      const sums = await this.sums(t, contract);
      const amount = contract.priceFen + sums.changesFen + input.amountChangeFen;
      if (amount < sums.paidFen || amount < 0)
        throw ruleViolation([
          {
            code: 'CHANGE_BELOW_PAID',
            field: 'amountChangeFen',
            message: 'The contract amount may not fall below what is already paid',
            params: { paidFen: sums.paidFen },
          },
        ]);
      const record = await this.record(t, contract, ctx, 'change', {
        description: input.reason.trim(),
        plannedAt: null,
        actualAt: null,
        amountFen: input.amountChangeFen,
        at: now,
      });
      await this.deps.events.emit(t, ctx, 'performance.changed', {
        ...this.eventBase(contract),
        changeId: record.id,
        reason: record.description,
        amountChangeFen: input.amountChangeFen,
        at: now.toISOString(),
      });
      return { changeId: record.id };
    });
    return this.contractFor(sectionId, ctx.actor);
  }

  /** Completion and acceptance (验收): on time when accepted by the contract's due date. Ends the contract. */
  async accept(ctx: RequestContext, tenderId: string, sectionId: string, input: AcceptInput) {
    await this.perform(ctx, tenderId, sectionId, 'performance.accept', async (t, contract, now) => {
      const acceptedAt = input.acceptedAt ?? now;
      if (acceptedAt < contract.signedAt || acceptedAt.getTime() > now.getTime() + ONE_MINUTE)
        throw ruleViolation([
          {
            code: 'ACCEPTANCE_DATE_INVALID',
            field: 'acceptedAt',
            message: 'Acceptance comes after the contract and not in the future',
          },
        ]);
      const onTime = acceptedAt <= contract.dueAt;
      await contract.update({ status: 'accepted', acceptedAt }, { transaction: t });
      await this.deps.events.emit(t, ctx, 'performance.accepted', {
        ...this.eventBase(contract),
        supplierPartyId: contract.supplierPartyId,
        acceptedAt: acceptedAt.toISOString(),
        dueAt: contract.dueAt.toISOString(),
        onTime,
      });
      return { acceptedAt: acceptedAt.toISOString(), onTime };
    });
    return this.contractFor(sectionId, ctx.actor);
  }

  /** Termination before completion, with the reason and whose fault it was. Ends the contract. */
  async terminate(ctx: RequestContext, tenderId: string, sectionId: string, input: TerminateInput) {
    await this.perform(ctx, tenderId, sectionId, 'performance.terminate', async (t, contract, now) => {
      await contract.update(
        { status: 'terminated', terminatedAt: now, endReason: input.reason.trim(), faultOf: input.faultOf },
        { transaction: t },
      );
      await this.deps.events.emit(t, ctx, 'performance.terminated', {
        ...this.eventBase(contract),
        supplierPartyId: contract.supplierPartyId,
        reason: input.reason.trim(),
        faultOf: input.faultOf,
        at: now.toISOString(),
      });
      return { faultOf: input.faultOf };
    });
    return this.contractFor(sectionId, ctx.actor);
  }

  /**
   * A section's contract with its deposits and performance, null before it is signed. Without an actor (the
   * platform's own readers: open data, the seed) or for the tender's runners, supervisors and the supplier:
   * everything; the public sees the contract as its 合同公告 shows it.
   */
  async contractFor(sectionId: string, actor?: Actor | null): Promise<ContractFacts | null> {
    const contract = await this.models.Contract.findOne({ where: { sectionId } });
    if (!contract) return null;
    const full = actor === undefined || (await this.mayReadAll(actor, contract));
    return {
      ...(await this.viewOf(contract.id, full)),
      tenderId: contract.tenderId,
      sectionId,
      awardId: contract.awardId,
    };
  }

  /** Every section of a tender at this stage: its award's limits, a refusal, the contract. Public. */
  async overview(actor: Actor | null, tenderId: string): Promise<SectionContractState[]> {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    const view = await this.deps.tenders.view(tenderId);
    const runner = mayManage(actor, tender) || actor?.role === 'supervisor';
    const states: SectionContractState[] = [];
    for (const section of view.sections) {
      const award = await this.deps.award.awardFor(section.id);
      const refusal = award
        ? await this.models.ContractRefusal.findOne({ where: { awardId: award.awardId } })
        : null;
      const contract = await this.models.Contract.findOne({ where: { sectionId: section.id } });
      const full = contract ? await this.mayReadAll(actor, contract) : false;
      states.push({
        sectionId: section.id,
        sectionCode: section.code,
        sectionName: section.name,
        depositFen: section.depositFen,
        award: award
          ? {
              supplierName: award.bidderName,
              supplierPartyId: award.bidderPartyId,
              priceFen: award.priceFen,
              noticeAt: award.noticeAt.toISOString(),
              deadlineAt: contractDeadline(award.noticeAt).toISOString(),
            }
          : null,
        refusal: refusal ? { reason: refusal.reason, at: refusal.at.toISOString() } : null,
        contract: contract ? await this.viewOf(contract.id, full) : null,
        bidders:
          runner && contract
            ? (await this.biddersOf(undefined, contract)).map((b) => ({ partyId: b.partyId, name: b.name }))
            : [],
      });
    }
    return states;
  }

  /** The contracts of a supplier party (its own, for the supplier's page). */
  async mine(actor: Actor): Promise<MyContractView[]> {
    if (!actor.partyId) throw forbidden();
    const rows = await this.models.Contract.findAll({
      where: { supplierPartyId: actor.partyId },
      order: [['signedAt', 'DESC']],
      limit: 200,
    });
    // The supplier's page links each contract to its tender and names it: the view alone carries no tender.
    return Promise.all(
      rows.map(async (c) => {
        const tender = await this.deps.tenders.view(c.tenderId);
        const section = tender.sections.find((s) => s.id === c.sectionId);
        return {
          ...(await this.viewOf(c.id, true)),
          tenderId: c.tenderId,
          tenderTitle: tender.title,
          sectionCode: section?.code ?? '',
          sectionName: section?.name ?? '',
        };
      }),
    );
  }

  /** Schedules the warning (day 25) and the flag (day 31) of each award, in the award's transaction. */
  subscribe(): void {
    const { events, jobs } = this.deps;
    events.within('award.confirmed', async (t, e) => {
      const noticeAt = new Date(e.noticeAt);
      for (const day of [CONTRACT_WARNING_DAY, CONTRACT_DAYS + 1] as const)
        await jobs.schedule(t, {
          kind: CONTRACT_DEADLINE_JOB,
          key: `${e.awardId}:${day}`,
          runAt: startOfDay(noticeAt, day),
          payload: { tenderId: e.tenderId, sectionId: e.sectionId, awardId: e.awardId, day },
        });
    });
    jobs.register<{ tenderId: string; sectionId: string; awardId: string; day: 25 | 31 }>(
      CONTRACT_DEADLINE_JOB,
      (job, ctx) =>
        this.deps.db.transaction(async (t) => {
          const { tenderId, sectionId, awardId, day } = job.payload;
          const signed = await this.models.Contract.count({ where: { awardId }, transaction: t });
          const refused = await this.models.ContractRefusal.count({ where: { awardId }, transaction: t });
          if (signed === 0 && refused === 0)
            await events.emit(t, SYSTEM, 'contract.overdue', {
              tenderId,
              sectionId,
              awardId,
              day,
              at: ctx.clock.now().toISOString(),
            });
          await ctx.complete(t);
        }),
    );
    jobs.register<{ contractId: string }>(DEPOSIT_DEADLINE_JOB, (job, ctx) =>
      this.deps.db.transaction(async (t) => {
        const contract = await this.models.Contract.findByPk(job.payload.contractId, { transaction: t });
        if (contract) {
          const missing = await this.missingDeposits(t, contract);
          if (missing.length > 0)
            await events.emit(t, SYSTEM, 'deposit.return-overdue', {
              tenderId: contract.tenderId,
              sectionId: contract.sectionId,
              contractId: contract.id,
              bidderPartyIds: missing.map((b) => b.partyId),
              at: ctx.clock.now().toISOString(),
            });
        }
        await ctx.complete(t);
      }),
    );
  }

  // ---- internals ----

  /** One performance step under the tender's lock: the contract open, the statuses moved, audited. */
  private async perform<R>(
    ctx: RequestContext,
    tenderId: string,
    sectionId: string,
    action: string,
    step: (t: Transaction, contract: Contract, now: Date) => Promise<R>,
  ): Promise<R> {
    const { db, audit, clock, tenders } = this.deps;
    return db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      const view = await tenders.view(tenderId, t);
      sectionOf(view, sectionId);
      if (!can(tender.status, 'recordPerformance'))
        throw conflict('TENDER_NOT_IN_PERFORMANCE', `A ${tender.status} tender has no performance to record`);
      const contract = await this.contractOf(t, sectionId);
      if (contract.status === 'accepted' || contract.status === 'terminated')
        throw conflict('CONTRACT_ENDED', `This contract is already ${contract.status}`);
      const now = clock.now();
      if (contract.status === 'signed') await contract.update({ status: 'performance' }, { transaction: t });
      const result = await step(t, contract, now);
      if (can(tender.status, 'startPerformance'))
        await tenders.transition(t, ctx, tender, 'startPerformance');
      if (can(tender.status, 'close') && (await this.everyContractEnded(t, view)))
        await tenders.transition(t, ctx, tender, 'close');
      await audit.append(t, ctx, {
        action,
        subject: `tender:${tenderId}`,
        data: { sectionId, contractId: contract.id, ...result },
      });
      return result;
    });
  }

  private record(
    t: Transaction,
    contract: Contract,
    ctx: RequestContext,
    kind: PerformanceKind,
    fields: {
      description: string;
      plannedAt: Date | null;
      actualAt: Date | null;
      amountFen: number | null;
      at: Date;
    },
  ) {
    return this.models.PerformanceRecord.create(
      {
        id: randomUUID(),
        contractId: contract.id,
        tenderId: contract.tenderId,
        kind,
        ...fields,
        recordedBy: ctx.actor!.userId,
      },
      { transaction: t },
    );
  }

  private eventBase(contract: Contract) {
    return { tenderId: contract.tenderId, sectionId: contract.sectionId, contractId: contract.id };
  }

  private async sums(t: Transaction | undefined, contract: Contract) {
    const records = await this.models.PerformanceRecord.findAll({
      where: { contractId: contract.id },
      transaction: t,
    });
    const total = (kind: PerformanceKind) =>
      records.filter((r) => r.kind === kind).reduce((sum, r) => sum + (r.amountFen ?? 0), 0);
    return { paidFen: total('payment'), changesFen: total('change') };
  }

  private async contractOf(t: Transaction, sectionId: string): Promise<Contract> {
    const contract = await this.models.Contract.findOne({
      where: { sectionId },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (!contract) throw conflict('CONTRACT_NOT_SIGNED', 'This section has no signed contract yet');
    return contract;
  }

  /** Every bidder whose bid was opened for the section, and the winner: each has a deposit to get back. */
  private async biddersOf(t: Transaction | undefined, contract: Contract) {
    const opened = await this.deps.opening.bidsForEvaluation(contract.tenderId, contract.sectionId, t);
    const bidders = new Map<string, { partyId: string; name: string }>();
    bidders.set(contract.supplierPartyId, { partyId: contract.supplierPartyId, name: contract.supplierName });
    for (const b of opened) bidders.set(b.bidderPartyId, { partyId: b.bidderPartyId, name: b.bidderName });
    return [...bidders.values()];
  }

  private async missingDeposits(t: Transaction | undefined, contract: Contract) {
    const returned = await this.models.DepositReturn.findAll({
      where: { contractId: contract.id },
      transaction: t,
    });
    const done = new Set(returned.map((r) => r.bidderPartyId));
    return (await this.biddersOf(t, contract)).filter((b) => !done.has(b.partyId));
  }

  private async everyAwardContracted(t: Transaction, view: TenderView): Promise<boolean> {
    for (const section of view.sections) {
      const award = await this.deps.award.awardFor(section.id, t);
      if (!award) continue;
      if (!(await this.models.Contract.count({ where: { sectionId: section.id }, transaction: t })))
        return false;
    }
    return true;
  }

  private async everyContractEnded(t: Transaction, view: TenderView): Promise<boolean> {
    const contracts = await this.models.Contract.findAll({ where: { tenderId: view.id }, transaction: t });
    return contracts.every((c) => c.status === 'accepted' || c.status === 'terminated');
  }

  private async mayReadAll(actor: Actor | null, contract: Contract): Promise<boolean> {
    if (!actor) return false;
    if (actor.role === 'supervisor') return true;
    if (actor.partyId && actor.partyId === contract.supplierPartyId) return true;
    const tender = await this.deps.tenders.find(contract.tenderId);
    return !!tender && mayManage(actor, tender as Tender);
  }

  private async viewOf(contractId: string, full = true): Promise<ContractView> {
    const contract = (await this.models.Contract.findByPk(contractId))!;
    if (!full) return contractView(contract, null);
    const records = await this.models.PerformanceRecord.findAll({
      where: { contractId },
      order: [
        ['at', 'ASC'],
        ['createdAt', 'ASC'],
      ],
    });
    const deposits = await this.models.DepositReturn.findAll({
      where: { contractId },
      order: [['returnedAt', 'ASC']],
    });
    const missing = await this.missingDeposits(undefined, contract);
    return contractView(contract, { records, deposits, missing });
  }
}

/** The platform acting by itself (the deadline jobs). */
const SYSTEM: RequestContext = { actor: null, ip: 'system', requestId: 'contract-jobs' };

function sectionOf(view: TenderView, sectionId: string) {
  const section = view.sections.find((s) => s.id === sectionId);
  if (!section) throw notFound('Tender section');
  return section;
}
