import type { SupervisionAlert } from './models.js';
import type { Finding } from './screens/index.js';
import type { AlertView } from './schemas.js';

/** What an alert stores of its finding. */
export type AlertEvidence = Pick<Finding, 'summary' | 'seqs' | 'details'>;

export const evidenceOf = (f: AlertEvidence): AlertEvidence => ({
  summary: f.summary,
  seqs: f.seqs,
  details: f.details,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const who = (userId: string | null, name: string | null) => (userId ? { userId, name } : null);

export function toAlertView(a: SupervisionAlert): AlertView {
  return {
    id: a.id,
    tenderId: a.tenderId,
    sectionId: a.sectionId,
    indicator: a.indicator,
    severity: a.severity,
    status: a.status,
    evidence: JSON.parse(a.evidence) as AlertEvidence,
    raisedBySeq: a.raisedBySeq,
    raisedAt: a.raisedAt.toISOString(),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: who(a.acknowledgedBy, a.acknowledgedByName),
    resolvedAt: iso(a.resolvedAt),
    resolvedBy: who(a.resolvedBy, a.resolvedByName),
    conclusion: a.conclusion,
    resolutionNote: a.resolutionNote,
  };
}
