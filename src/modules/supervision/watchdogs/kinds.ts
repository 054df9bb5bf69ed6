import type { AnyEnvelope, EventName } from '../../../platform/events.js';
import type { Finding, IndicatorId } from '../screens/index.js';
import type { WatchdogReads } from './ports.js';

/**
 * Stage watchdogs (issue 12): legal time limits that pass unseen unless someone looks when they fall due.
 * Each is a file here with its kind, its triggers (the events that start its clock), when its check is due
 * and what it finds then in the real state. The alert it raises carries the kind as its indicator.
 */
export const WATCHDOG_KINDS = [
  'objection-overdue',
  'late-clarification',
  'evaluation-overdue',
  'notice-missing',
  'contract-overdue',
  'deposit-unreturned',
] as const;
export type WatchdogKind = (typeof WATCHDOG_KINDS)[number];

/**
 * A post-bid watchdog not built yet (the contract's and the deposits' are: contract-overdue.ts,
 * deposit-unreturned.ts), written down so it plugs in as a file like the others, with its trigger and due time.
 */
export const DEFERRED_WATCHDOGS = [
  {
    kind: 'publicity-short',
    rule: 'candidate publicity starts within 3 days of the report and lasts at least 3 days',
    source: 'SS Art.54',
    trigger: 'the evaluation report submitted / the publicity published',
    due: 'report + 3 days (not started), publicity start + 3 days (ended early)',
  },
] as const;
export type DeferredWatchdogKind = (typeof DEFERRED_WATCHDOGS)[number]['kind'];

/** What an alert's indicator may be: a screen's or a watchdog's (the screens' list stays theirs). */
export type AlertIndicator = IndicatorId | WatchdogKind;

/** A watchdog's finding: a screen's finding under the watchdog's kind. */
export type WatchdogFinding = Omit<Finding, 'indicator'> & { indicator: WatchdogKind };

/** The limits the watchdogs use beyond those stored with the facts (an objection's answer due time). */
export interface WatchdogSettings {
  /** ZB Art.23, SS Art.21: a clarification reaches bidders this many days before the bid deadline. */
  clarificationNoticeDays: number;
  /** How long after a step its notice may take to appear before it counts as missing. */
  noticeGraceMs: number;
  /** How long after the opening started every section's opening record (or failure notice) may take. */
  openingRecordGraceMs: number;
}

/** Every check a watchdog schedules carries its tender and the event that started it (the alert's evidence). */
export interface CheckPayload {
  tenderId: string;
  seq: number;
}

/** A check to schedule: one job per (kind, key), due at runAt. */
export interface WatchdogPlan<P extends CheckPayload> {
  key: string;
  runAt: Date;
  payload: P;
}

export interface Watchdog<P extends CheckPayload = CheckPayload> {
  kind: WatchdogKind;
  /** The events that start its clock. */
  triggers: readonly EventName[];
  /** When a trigger arrives: the check to schedule, or none. May read (before the consumer writes). */
  plan(event: AnyEnvelope, reads: WatchdogReads, settings: WatchdogSettings): Promise<WatchdogPlan<P>[]>;
  /** At the due time: the findings in the state as it is now (none when all is in order). */
  check(payload: P, reads: WatchdogReads, now: Date, settings: WatchdogSettings): Promise<WatchdogFinding[]>;
}

export const DAY_MS = 24 * 3600_000;

/** Any watchdog, whatever its payload (a payload type is both read and written, so no narrower type fits all). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWatchdog = Watchdog<any>;
