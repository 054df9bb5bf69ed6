import { KIND_RULES } from './kinds.js';
import type { CreditRecord, CreditRequest } from './models.js';
import { statusAt } from './status.js';

/** A record as the API shows it; `status` is the status at the instant of the read (expiry included). */
export function toRecordView(r: CreditRecord, now: Date) {
  const rule = KIND_RULES[r.kind];
  return {
    id: r.id,
    subject: { kind: r.subjectKind, id: r.subjectId, name: r.subjectName, uscc: r.subjectUscc },
    kind: r.kind,
    kindName: { zh: rule.zh, en: rule.en },
    severity: r.severity,
    barring: r.barring,
    basis: r.basis,
    summary: r.summary,
    tenderId: r.tenderId,
    source: { event: r.sourceType, seq: r.sourceSeq },
    validFrom: r.validFrom.toISOString(),
    validUntil: r.validUntil?.toISOString() ?? null,
    publicityUntil: r.publicityUntil.toISOString(),
    visibility: r.visibility,
    status: statusAt(r, now),
  };
}
export type RecordView = ReturnType<typeof toRecordView>;

export function toRequestView(q: CreditRequest, r: CreditRecord) {
  return {
    id: q.id,
    recordId: q.recordId,
    record: { kind: r.kind, kindName: KIND_RULES[r.kind].zh, subjectName: r.subjectName, summary: r.summary },
    kind: q.kind,
    reason: q.reason,
    filedByName: q.filedByName,
    filedAt: q.filedAt.toISOString(),
    status: q.status,
    decidedByName: q.decidedByName,
    decisionNote: q.decisionNote,
    decidedAt: q.decidedAt?.toISOString() ?? null,
  };
}
export type RequestView = ReturnType<typeof toRequestView>;
