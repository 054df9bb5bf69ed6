import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { AnyEnvelope, EventBus, EventName } from '../../platform/events.js';
import {
  COLLUSION_INDICATORS,
  KIND_RULES,
  RATING_GOOD_FROM,
  type RecordKind,
  type Severity,
} from './kinds.js';
import type { CreditModels, SubjectKind } from './models.js';
import type { AlertsPort, BidsPort, ExpertsPort, PartiesPort } from './ports.js';

/** The cursor's key in event_cursors: keep it stable. */
export const CONSUMER = 'credit-records';

const SOURCES: EventName[] = [
  'opening.bid-settled',
  'contract.refused',
  'performance.terminated',
  'performance.accepted',
  'supervision.alert-resolved',
  'complaint.decided',
  'expert.sanctioned',
  'expert.rated',
];

export interface SourceDeps {
  events: EventBus;
  parties: PartiesPort;
  bids: BidsPort;
  alerts: AlertsPort;
  experts: ExpertsPort;
}

interface Draft {
  kind: RecordKind;
  subjectKind: SubjectKind;
  subjectId: string;
  summary: string;
  tenderId?: string | null;
  severity?: Severity;
  /** For kinds whose term the event decides (an expert reinstated ends the suspension). */
  validUntil?: Date | null;
}

/**
 * Makes credit records from platform facts only: a durable consumer of the event stream (each event once, in
 * order). A record's source key (kind, event number, subject) is unique, so a replayed event makes nothing.
 */
export class CreditSources {
  constructor(
    private readonly models: CreditModels,
    private readonly deps: SourceDeps,
  ) {}

  subscribe(): void {
    this.deps.events.consume(CONSUMER, (t, e) => this.handle(t, e), { types: SOURCES });
  }

  private async handle(t: Transaction, e: AnyEnvelope): Promise<void> {
    for (const draft of await this.drafts(t, e)) await this.record(t, e, draft);
  }

  private async drafts(t: Transaction, e: AnyEnvelope): Promise<Draft[]> {
    switch (e.type) {
      case 'opening.bid-settled': {
        // EB Art.31: 视为撤销 is the bidder's fault; 视为撤回 (withdrawn) is nobody's and makes no record.
        if (e.data.outcome !== 'revoked') return [];
        const owner = await this.deps.bids.bidOwner(e.data.bidId);
        if (!owner) return [];
        return [
          {
            kind: 'bid-revoked',
            subjectKind: 'party',
            subjectId: owner.bidderPartyId,
            tenderId: e.data.tenderId,
            summary: '开标时因投标人原因投标文件无法解密，视为撤销',
          },
        ];
      }
      case 'contract.refused':
        return [
          {
            kind: 'contract-refused',
            subjectKind: 'party',
            subjectId: e.data.supplierPartyId,
            tenderId: e.data.tenderId,
            summary: `中标人拒绝签订合同：${e.data.reason}`.slice(0, 1000),
          },
        ];
      case 'performance.terminated':
        if (e.data.faultOf !== 'supplier') return [];
        return [
          {
            kind: 'contract-breach',
            subjectKind: 'party',
            subjectId: e.data.supplierPartyId,
            tenderId: e.data.tenderId,
            summary: `因供应商原因解除合同：${e.data.reason}`.slice(0, 1000),
          },
        ];
      case 'performance.accepted':
        if (!e.data.onTime) return [];
        return [
          {
            kind: 'performance-good',
            subjectKind: 'party',
            subjectId: e.data.supplierPartyId,
            tenderId: e.data.tenderId,
            summary: '合同按期履约，验收合格',
          },
        ];
      case 'supervision.alert-resolved': {
        const { conclusion } = e.data;
        if (conclusion === 'dismissed') return [];
        const alert = await this.deps.alerts.alertBidders(e.data.alertId, t);
        if (!alert || !COLLUSION_INDICATORS.includes(alert.indicator)) return [];
        const kind: RecordKind = conclusion === 'case-opened' ? 'collusion' : 'collusion-warning';
        const word = conclusion === 'case-opened' ? '监督部门立案查处' : '监督部门予以警示';
        return [...new Set(alert.partyIds)].map((partyId) => ({
          kind,
          subjectKind: 'party' as const,
          subjectId: partyId,
          tenderId: e.data.tenderId,
          summary: `监督预警（${alert.indicator}）经核查：${word}`,
        }));
      }
      case 'complaint.decided':
        // Only a complaint dismissed as false or malicious says something of its complainant.
        if (e.data.conclusion !== 'malicious') return [];
        return [
          {
            kind: 'complaint-malicious',
            subjectKind: 'party',
            subjectId: e.data.complainantPartyId,
            tenderId: e.data.tenderId,
            summary: '投诉经监督部门调查为虚假恶意投诉，予以驳回',
          },
        ];
      case 'expert.sanctioned': {
        const { action, expertId } = e.data;
        if (action === 'reinstate') {
          // A reinstatement ends the suspension's record at that instant (its effect, not its history).
          await this.models.CreditRecord.update(
            { validUntil: new Date(e.data.at) },
            {
              where: {
                subjectKind: 'expert',
                subjectId: expertId,
                kind: 'expert-sanctioned',
                validUntil: null,
              },
              transaction: t,
            },
          );
          return [];
        }
        return [
          { kind: 'expert-sanctioned', subjectKind: 'expert', subjectId: expertId, summary: e.data.title },
        ];
      }
      case 'expert.rated': {
        const good = e.data.creditScore >= RATING_GOOD_FROM;
        return [
          {
            kind: 'expert-rated',
            subjectKind: 'expert',
            subjectId: e.data.expertId,
            severity: good ? 'good' : 'minor',
            summary: `履职评价后信用分 ${e.data.creditScore}`,
          },
        ];
      }
      default:
        return [];
    }
  }

  private async record(t: Transaction, e: AnyEnvelope, draft: Draft): Promise<void> {
    const { CreditRecord } = this.models;
    const sourceKey = `${draft.kind}:${e.seq}:${draft.subjectId}`;
    if (await CreditRecord.findOne({ where: { sourceKey }, transaction: t })) return;
    const subject = await this.subject(t, draft);
    if (!subject) return;
    const rule = KIND_RULES[draft.kind];
    // The fact's own instant: the event's time (a refusal dated by the tenderee still counts from its record).
    const from = new Date(e.at);
    const until =
      draft.validUntil !== undefined
        ? draft.validUntil
        : rule.termMs === null
          ? null
          : new Date(from.getTime() + rule.termMs);
    await CreditRecord.create(
      {
        id: randomUUID(),
        sourceKey,
        sourceType: e.type,
        sourceSeq: e.seq,
        subjectKind: draft.subjectKind,
        subjectId: draft.subjectId,
        subjectUscc: subject.uscc,
        subjectName: subject.name,
        kind: draft.kind,
        severity: draft.severity ?? rule.severity,
        barring: rule.barring,
        basis: rule.basis,
        summary: draft.summary,
        tenderId: draft.tenderId ?? null,
        validFrom: from,
        validUntil: until,
        publicityUntil: new Date(from.getTime() + rule.publicityMs),
        visibility: rule.public ? 'public' : 'restricted',
        status: 'active',
      },
      { transaction: t },
    );
  }

  private async subject(t: Transaction, draft: Draft) {
    if (draft.subjectKind === 'party') {
      const party = await this.deps.parties.find(draft.subjectId, t);
      return party && { name: party.name, uscc: party.uscc };
    }
    const expert = await this.deps.experts.expert(draft.subjectId, t);
    return expert && { name: expert.name, uscc: null };
  }
}
