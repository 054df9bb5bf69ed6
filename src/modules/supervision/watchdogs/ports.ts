import type { Actor } from '../../../platform/auth/roles.js';
import type { AnyEnvelope, EventName } from '../../../platform/events.js';
import type { TenderView } from '../../tenders/index.js';

/*
 * What the watchdogs read of other modules, and nothing more; supervision's index.ts hands these over.
 */

/** An objection (异议) as the tenders module shows it to supervisors. */
export interface ObjectionFacts {
  id: string;
  partyId: string;
  submittedAt: string;
  answerDueAt: string;
  answeredAt: string | null;
}

/** The tenders module: the tender as data, and its objections as a supervisor reads them. */
export interface WatchdogTendersPort {
  view(id: string): Promise<TenderView>;
  enquiries: { objections(actor: Actor, tenderId: string): Promise<ObjectionFacts[]> };
}

export interface WatchdogPartiesPort {
  find(id: string): Promise<{ name: string } | null>;
}

/** An evaluation as a supervisor's snapshot shows it. */
export interface EvaluationFacts {
  tenderId: string;
  sectionName: string;
  step: string;
  scheduledEndAt: string;
}

export interface WatchdogEvaluationPort {
  get(actor: Actor, evaluationId: string): Promise<EvaluationFacts>;
}

/** The notices published for a tender (publication module). */
export interface WatchdogNoticesPort {
  ofTender(tenderId: string): Promise<{ kind: string; number: number }[]>;
}

export interface WatchdogSources {
  tenders: WatchdogTendersPort;
  parties: WatchdogPartiesPort;
  evaluation: WatchdogEvaluationPort;
  notices: WatchdogNoticesPort;
}

/** What a watchdog reads, in its own words; built over the sources by reads.ts. */
export interface WatchdogReads {
  /** The tender, or null if it does not exist. */
  tender(id: string): Promise<TenderView | null>;
  objections(tenderId: string): Promise<ObjectionFacts[]>;
  partyName(id: string): Promise<string>;
  evaluation(id: string): Promise<EvaluationFacts | null>;
  notices(tenderId: string): Promise<{ kind: string; number: number }[]>;
  /** The tender's events of these types, oldest first (the first 1000). */
  events(tenderId: string, types: readonly EventName[]): Promise<AnyEnvelope[]>;
}

/**
 * The watchdogs read as a supervisor does: the platform's own oversight, on the supervision department's
 * behalf (like the screens' reader).
 */
export const WATCHDOG_READER: Actor = {
  userId: 'system:supervision-watchdogs',
  username: 'supervision-watchdogs',
  displayName: 'Supervision watchdogs',
  role: 'supervisor',
  partyId: null,
  sessionId: 'system',
  sessionExpiresAt: new Date(8.64e15),
};
