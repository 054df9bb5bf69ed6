import { Op } from 'sequelize';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound } from '../../platform/errors.js';
import type {
  Evaluation,
  EvaluationLogEntry,
  EvaluationMember,
  EvaluationModels,
  EvaluationSheet,
} from './models.js';
import {
  complete,
  deviationsOf,
  readAggregate,
  rowView,
  totalsFor,
  type Aggregate,
  type EvaluationResult,
} from './ranking.js';
import type { logEntryView, snapshotView } from './schemas.js';
import { objectiveDisagreements } from './scoring.js';

/** At most this many log entries after a cursor come with a snapshot; the snapshot itself is complete. */
export const MAX_LOG_AFTER = 500;

export type Audience = 'member' | 'leader' | 'supervisor' | 'observer';
export type EvaluationSnapshot = z.output<typeof snapshotView>;
export type LogEntryView = z.output<typeof logEntryView>;

/** What the snapshot shows of the tender: its names, and who runs it (the observers). */
export interface TenderFacts {
  code: string;
  title: string;
  sectionName: string;
  tendereePartyId: string;
  agencyPartyId: string | null;
}
export interface TenderFactsPort {
  tenderFacts(tenderId: string, sectionId: string): Promise<TenderFacts | null>;
}

/** The tenders module's whole view is more than needed, but it is the one read it offers with section names. */
export function tenderFactsFrom(tenders: {
  view(id: string): Promise<{
    code: string;
    title: string;
    tenderee: { id: string };
    agency: { id: string } | null;
    sections: { id: string; name: string }[];
  }>;
}): TenderFactsPort {
  return {
    async tenderFacts(tenderId, sectionId) {
      const view = await tenders.view(tenderId).catch(() => null);
      if (!view) return null;
      return {
        code: view.code,
        title: view.title,
        sectionName: view.sections.find((s) => s.id === sectionId)?.name ?? '',
        tendereePartyId: view.tenderee.id,
        agencyPartyId: view.agency?.id ?? null,
      };
    },
  };
}

/** The tenderee's and its agency's staff watch the evaluation of their tender (steps, progress, result). */
function runsTender(actor: Actor, facts: TenderFacts): boolean {
  if (!actor.partyId || !['tenderee', 'agency'].includes(actor.role)) return false;
  return actor.partyId === facts.tendereePartyId || actor.partyId === facts.agencyPartyId;
}

/** A log entry as an audience sees it: supervisors with who and from where, the others without. */
export function logEntryFor(entry: EvaluationLogEntry, audience: Audience): LogEntryView {
  const view: LogEntryView = {
    evaluationId: entry.evaluationId,
    seq: entry.seq,
    kind: entry.kind,
    at: entry.at.toISOString(),
    data: JSON.parse(entry.data) as Record<string, unknown>,
  };
  if (audience !== 'supervisor') return view;
  return {
    ...view,
    actor: { userId: entry.actorUserId, name: entry.actorName, role: entry.actorRole },
    ip: entry.ip,
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The evaluation as one reader may see it (docs/domain.md §5), read from the database each time so any node
 * answers any client and a reconnect loses nothing that was acknowledged:
 * - members: their own sheets; others' scores of a bid only once every active member has scored it;
 * - the leader: that, plus who has submitted how much, objective disagreements (values, not who) and
 *   deviating totals; never a subjective score before everyone submitted;
 * - supervisors: everything, with the log's actors and addresses;
 * - observers (the tender's tenderee and agency): steps, members' names once formed, progress, the result.
 */
export class EvaluationSnapshots {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: { clock: Clock; tenders: TenderFactsPort },
  ) {}

  /** Who the actor is to this evaluation; 404 to anyone not concerned (nobody learns it exists). */
  async audienceOf(
    actor: Actor,
    evaluation: Evaluation,
    facts: TenderFacts | null,
  ): Promise<{ audience: Audience; member: EvaluationMember | null }> {
    const member = await this.models.EvaluationMember.findOne({
      where: { evaluationId: evaluation.id, userId: actor.userId },
    });
    if (member) {
      if (member.state === 'replaced')
        throw conflict('MEMBER_REPLACED', 'You were replaced on this committee; your conclusions are void');
      return { audience: evaluation.leaderMemberId === member.id ? 'leader' : 'member', member };
    }
    if (actor.role === 'supervisor') return { audience: 'supervisor', member: null };
    if (facts && runsTender(actor, facts)) return { audience: 'observer', member: null };
    throw notFound('Evaluation');
  }

  async build(actor: Actor, evaluationId: string, lastSeq = 0): Promise<EvaluationSnapshot> {
    const evaluation = await this.models.Evaluation.findByPk(evaluationId);
    if (!evaluation) throw notFound('Evaluation');
    const facts = await this.deps.tenders.tenderFacts(evaluation.tenderId, evaluation.sectionId);
    const { audience, member } = await this.audienceOf(actor, evaluation, facts);
    const where = { evaluationId: evaluation.id };
    const [agg, allSheets, clarifications, log] = await Promise.all([
      readAggregate(this.models, evaluation),
      this.models.EvaluationSheet.findAll({ where }),
      this.models.EvaluationClarification.findAll({ where, order: [['askedAt', 'ASC']] }),
      this.models.EvaluationLogEntry.findAll({
        where: { ...where, seq: { [Op.gt]: lastSeq } },
        order: [['seq', 'ASC']],
        limit: MAX_LOG_AFTER + 1,
      }),
    ]);
    const insider = audience === 'leader' || audience === 'supervisor';
    const ranked = evaluation.step === 'ranking' || evaluation.step === 'concluded';
    const latestByKind = latestPerKind(allSheets);
    const progressOf = (bidId: string, kind: 'review' | 'score') =>
      agg.active.filter((m) => latestByKind.has(`${m.id}/${bidId}/${kind}`)).length;
    const submittedOf = (memberId: string, kind: 'review' | 'score') =>
      agg.bids.filter((b) => latestByKind.has(`${memberId}/${b.bidId}/${kind}`)).length;

    const result = evaluation.result ? (JSON.parse(evaluation.result) as EvaluationResult) : null;
    const showMembers = audience !== 'observer' || evaluation.step !== 'forming';
    return {
      evaluationId: evaluation.id,
      tenderId: evaluation.tenderId,
      tenderCode: facts?.code ?? '',
      tenderTitle: facts?.title ?? '',
      sectionId: evaluation.sectionId,
      sectionName: facts?.sectionName ?? '',
      step: evaluation.step,
      serverTime: this.deps.clock.now().toISOString(),
      startedAt: evaluation.startedAt.toISOString(),
      scheduledEndAt: evaluation.scheduledEndAt.toISOString(),
      extensions: evaluation.extensions,
      seq: evaluation.lastSeq,
      plan: JSON.parse(evaluation.plan) as Record<string, unknown>,
      you: {
        audience,
        memberId: member?.id ?? null,
        state: member?.state ?? null,
        leaderVote: member?.leaderVote ?? null,
        saidTimeShort: member ? member.timeShortAt !== null : false,
      },
      leaderMemberId: showMembers ? evaluation.leaderMemberId : null,
      members: showMembers
        ? agg.members.map((m) => ({
            memberId: m.id,
            name: m.name,
            kind: m.kind,
            state: m.state,
            isLeader: evaluation.leaderMemberId === m.id,
            votes: agg.active.filter((v) => v.leaderVote === m.id).length,
            submitted: { review: submittedOf(m.id, 'review'), score: submittedOf(m.id, 'score') },
            saidTimeShort: m.timeShortAt !== null,
          }))
        : [],
      bids: agg.bids.map((b) => ({
        bidId: b.bidId,
        bidderName: b.bidderName,
        priceFen: b.priceFen,
        receivedAt: b.receivedAt.toISOString(),
        attachments: (JSON.parse(b.attachments) as { name: string; size: number; mediaType: string }[]).map(
          (a, index) => ({ index, name: a.name, size: a.size, mediaType: a.mediaType }),
        ),
        rejection:
          b.rejectionCode !== null ? { code: b.rejectionCode, reason: b.rejectionReason ?? '' } : null,
        flags: JSON.parse(b.flags) as string[],
        reviewOutcome: b.reviewOutcome,
        progress: {
          review: progressOf(b.bidId, 'review'),
          score: progressOf(b.bidId, 'score'),
          of: agg.active.length,
        },
      })),
      mySheets: member ? mySheets(allSheets, member.id) : [],
      revealed: audience === 'observer' ? [] : revealed(agg, audience === 'supervisor'),
      disagreements: insider ? objectiveDisagreements(agg) : [],
      deviations: insider
        ? deviationsOf(agg).map((d) => ({
            bidId: d.bidId,
            memberId: d.memberId,
            name: d.name,
            totalHundredths: d.totalHundredths,
            meanHundredths: d.meanHundredths,
          }))
        : [],
      ranking:
        ranked && audience !== 'observer'
          ? agg.bids
              .filter((b) => b.rank !== null)
              .sort((a, b) => a.rank! - b.rank!)
              .map(rowView)
          : null,
      clarifications: clarifications.map((c) => ({
        id: c.id,
        evaluationId: c.evaluationId,
        tenderId: c.tenderId,
        tenderTitle: facts?.title ?? '',
        bidId: c.bidId,
        bidderName: agg.bids.find((b) => b.bidId === c.bidId)?.bidderName ?? '',
        question: c.question,
        askedAt: c.askedAt.toISOString(),
        answerDeadline: c.answerDeadline.toISOString(),
        answer: c.answer,
        answeredAt: iso(c.answeredAt),
      })),
      result: result ? { candidates: result.candidates } : null,
      log: log.slice(0, MAX_LOG_AFTER).map((e) => logEntryFor(e, audience)),
      truncated: log.length > MAX_LOG_AFTER,
    };
  }
}

/** The last version of each (member, bid, kind), void ones left out. */
function latestPerKind(sheets: readonly EvaluationSheet[]): Map<string, EvaluationSheet> {
  const latest = new Map<string, EvaluationSheet>();
  for (const s of sheets) {
    if (s.void) continue;
    const key = `${s.memberId}/${s.bidId}/${s.kind}`;
    const seen = latest.get(key);
    if (!seen || seen.version < s.version) latest.set(key, s);
  }
  return latest;
}

function mySheets(sheets: readonly EvaluationSheet[], memberId: string) {
  return [...latestPerKind(sheets.filter((s) => s.memberId === memberId)).values()]
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
    .map((s) => ({
      bidId: s.bidId,
      kind: s.kind,
      version: s.version,
      payload: JSON.parse(s.payload) as Record<string, unknown>,
      submittedAt: s.submittedAt.toISOString(),
      correction:
        s.correctionReason !== null ? { reason: s.correctionReason, note: s.correctionNote ?? '' } : null,
    }));
}

/**
 * Scores of the bids every active member has scored (per member, by name). Supervisors watch the whole
 * evaluation, so they see each bid's sheets as they come in.
 */
function revealed(agg: Aggregate, everything: boolean) {
  return agg.scored
    .filter((b) => complete(agg, b.bidId) || (everything && totalsFor(agg, b.bidId).length > 0))
    .map((b) => ({
      bidId: b.bidId,
      members: totalsFor(agg, b.bidId).map((m) => ({
        memberId: m.memberId,
        name: m.name,
        scores: { ...m.scores },
        totalHundredths: m.totalHundredths,
      })),
    }));
}
