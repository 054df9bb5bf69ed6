import type { ClockStopKind, ComplaintConclusion } from './models.js';

interface ComplaintEvent {
  complaintId: string;
  tenderId: string;
}

/**
 * Complaint events. They name the parties (so credit can weigh a decision against a complainant or the
 * tenderee) but carry no facts, evidence or decision text: those are read through the API by who may.
 */
declare module '../../../platform/events.js' {
  interface DomainEvents {
    'complaint.filed': ComplaintEvent & { complainantPartyId: string; acceptanceDueAt: string };
    'complaint.accepted': ComplaintEvent & { decisionDueAt: string };
    'complaint.not-accepted': ComplaintEvent;
    'complaint.answered': ComplaintEvent;
    'complaint.clock-stopped': ComplaintEvent & { kind: ClockStopKind };
    'complaint.clock-resumed': ComplaintEvent & { kind: ClockStopKind; decisionDueAt: string };
    /** The decision, published at once (GET /complaints/decisions). */
    'complaint.decided': ComplaintEvent & {
      complainantPartyId: string;
      tendereePartyId: string;
      agencyPartyId: string | null;
      conclusion: ComplaintConclusion;
    };
    'complaint.withdrawn': ComplaintEvent;
  }
}

export {};
