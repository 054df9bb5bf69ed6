import type { Party } from '../parties/index.js';
import { effectivePlan } from './evaluation-plan.js';
import type {
  BidFormField,
  EvaluationCriterion,
  Tender,
  TenderClarification,
  TenderCustodian,
  TenderSection,
} from './models.js';
import type { TenderView } from './schemas.js';

export interface TenderParts {
  tender: Tender;
  sections: TenderSection[];
  custodians: (TenderCustodian & {
    displayName: string;
    curveKey: { publicKey: string; wrappedSeed: string; signature: string } | null;
  })[];
  clarifications: TenderClarification[];
  tenderee: Party;
  agency: Party | null;
}

const iso = (d: Date) => d.toISOString();
const partyRef = (p: Party) => ({ id: p.id, name: p.name, uscc: p.uscc });

export function toTenderView({
  tender: t,
  sections,
  custodians,
  clarifications,
  tenderee,
  agency,
}: TenderParts): TenderView {
  const evaluationCriteria = JSON.parse(t.evaluationCriteria) as EvaluationCriterion[];
  const legacy = { evaluationMethod: t.evaluationMethod, evaluationCriteria };
  return {
    id: t.id,
    code: t.code,
    projectCode: t.projectCode,
    projectName: t.projectName,
    title: t.title,
    description: t.description,
    category: t.category,
    procurementMethod: t.procurementMethod,
    tenderee: partyRef(tenderee),
    agency: agency && partyRef(agency),
    regionCode: t.regionCode,
    status: t.status,
    bidValidityDays: t.bidValidityDays,
    evaluationMethod: t.evaluationMethod,
    evaluationCriteria,
    bidFormFields: JSON.parse(t.bidFormFields) as BidFormField[],
    schedule: {
      documentsFrom: iso(t.documentsFrom),
      documentsTo: iso(t.documentsTo),
      clarificationDeadline: iso(t.clarificationDeadline),
      bidDeadline: iso(t.bidDeadline),
    },
    sections: sections.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      maxPriceFen: s.maxPriceFen,
      estimatedPriceFen: s.estimatedPriceFen,
      depositFen: s.depositFen,
      evaluationPlan: effectivePlan(s, legacy),
    })),
    custodians: {
      threshold: t.custodianThreshold,
      members: custodians.map((c) => ({
        position: c.position,
        userId: c.userId,
        displayName: c.displayName,
        certificateSerial: c.certificateSerial,
        certificatePem: c.certificatePem,
        curveKey: c.curveKey,
      })),
    },
    clarifications: clarifications.map((c) => ({
      number: c.number,
      kind: c.kind,
      title: c.title,
      body: c.body,
      previousBidDeadline: iso(c.previousBidDeadline),
      bidDeadline: iso(c.bidDeadline),
      publishedAt: iso(c.publishedAt),
    })),
    publishedAt: t.publishedAt && iso(t.publishedAt),
    cancelledAt: t.cancelledAt && iso(t.cancelledAt),
    cancellationReason: t.cancellationReason,
    createdAt: iso(t.createdAt),
    dateModified: iso(t.updatedAt),
  };
}
