import type { WorkingDayCalendar } from '../../../platform/china/working-days.js';
import { acceptanceClock, decisionClock, type AcceptanceClock, type DecisionClock } from './clocks.js';
import type { Complaint, ComplaintClockStop, ComplaintEvidence } from './models.js';
import type { ComplaintView, EvidenceView, PublishedDecision } from './schemas.js';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toEvidenceView(e: ComplaintEvidence): EvidenceView {
  return {
    id: e.id,
    name: e.name,
    contentType: e.contentType,
    size: Number(e.size),
    uploadedAt: iso(e.uploadedAt),
  };
}

const clockOut = (c: AcceptanceClock | DecisionClock) => ({
  dueAt: 'dueAt' in c && c.dueAt ? iso(c.dueAt) : null,
  overdue: c.overdue,
  estimated: c.estimated,
});

export function toComplaintView(
  c: Complaint,
  evidence: ComplaintEvidence[],
  stops: ComplaintClockStop[],
  calendar: WorkingDayCalendar,
  now: Date,
): ComplaintView {
  const acceptance = acceptanceClock(
    calendar,
    c.filedAt,
    c.reviewedAt ?? (c.status === 'withdrawn' ? c.withdrawnAt : null),
    now,
  );
  // The decision clock runs once accepted; it stops for good at the decision (a withdrawal ends it too).
  const accepted = c.status === 'accepted' || c.status === 'decided';
  const decision = accepted
    ? decisionClock(
        calendar,
        c.reviewedAt!,
        stops.map((s) => ({ start: s.startedAt, end: s.endedAt })),
        c.decidedAt,
        now,
      )
    : null;
  return {
    id: c.id,
    tender: { id: c.tenderId, title: c.tenderTitle },
    complainant: { partyId: c.complainantPartyId, name: c.complainantName, filedByName: c.filedByName },
    facts: c.facts,
    request: c.request,
    knewOn: c.knewOn,
    filedAt: iso(c.filedAt),
    status: c.status,
    evidence: evidence.map(toEvidenceView),
    acceptance: {
      ...clockOut(acceptance),
      workingDaysLeft: acceptance.workingDaysLeft,
      // Only a complaint still waiting can be late now; one reviewed late says so for the record.
      overdue: c.status === 'withdrawn' ? false : acceptance.overdue,
      reviewedAt: isoOrNull(c.reviewedAt),
      reviewedByName: c.reviewedByName,
      reason: c.reviewReason,
    },
    answer:
      c.answer !== null && c.answeredAt && c.answeredByName
        ? { text: c.answer, answeredAt: iso(c.answeredAt), answeredByName: c.answeredByName }
        : null,
    decisionClock: decision && {
      ...clockOut(decision),
      workingDaysUsed: decision.workingDaysUsed,
      workingDaysLeft: decision.workingDaysLeft,
      stopped: decision.stopped,
    },
    clockStops: stops.map((s) => ({
      kind: s.kind,
      reason: s.reason,
      startedAt: iso(s.startedAt),
      startedByName: s.startedByName,
      endedAt: isoOrNull(s.endedAt),
      endedByName: s.endedByName,
    })),
    decision:
      c.conclusion && c.decisionText !== null && c.decidedAt && c.decidedByName
        ? {
            conclusion: c.conclusion,
            text: c.decisionText,
            decidedAt: iso(c.decidedAt),
            decidedByName: c.decidedByName,
          }
        : null,
    withdrawal:
      c.withdrawnAt && c.withdrawalReason !== null
        ? { withdrawnAt: iso(c.withdrawnAt), reason: c.withdrawalReason }
        : null,
  };
}

export function toPublishedDecision(c: Complaint): PublishedDecision {
  return {
    id: c.id,
    tender: { id: c.tenderId, title: c.tenderTitle },
    complainantName: c.complainantName,
    filedAt: iso(c.filedAt),
    conclusion: c.conclusion!,
    text: c.decisionText!,
    decidedAt: iso(c.decidedAt!),
  };
}
