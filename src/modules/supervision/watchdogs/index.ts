import { CLARIFICATION_NOTICE_DAYS } from '../../tenders/index.js';
import type { AlertRaiser } from '../alerts.js';
import { contractOverdue } from './contract-overdue.js';
import { depositUnreturned } from './deposit-unreturned.js';
import { evaluationOverdue } from './evaluation-overdue.js';
import type { AnyWatchdog, WatchdogKind, WatchdogSettings } from './kinds.js';
import { lateClarification } from './late-clarification.js';
import { noticeMissing } from './notice-missing.js';
import { objectionOverdue } from './objection-overdue.js';
import type { WatchdogSources } from './ports.js';
import { watchdogReads } from './reads.js';
import { Watchdogs, type WatchdogDeps } from './watchdogs.js';

/** The watchdogs whose facts exist today, each under its kind (the deferred ones: kinds.ts). */
export const supervisionWatchdogs = {
  'objection-overdue': objectionOverdue,
  'late-clarification': lateClarification,
  'evaluation-overdue': evaluationOverdue,
  'notice-missing': noticeMissing,
  'contract-overdue': contractOverdue,
  'deposit-unreturned': depositUnreturned,
} as const satisfies Record<WatchdogKind, AnyWatchdog>;

export const DEFAULT_WATCHDOG_SETTINGS: WatchdogSettings = {
  clarificationNoticeDays: CLARIFICATION_NOTICE_DAYS,
  noticeGraceMs: 3600_000,
  openingRecordGraceMs: 4 * 3600_000,
};

/** The watchdogs with their consumer and job handlers registered; supervision's module.ts calls it once. */
export function createWatchdogs(
  deps: WatchdogDeps & {
    raiser: AlertRaiser;
    watch: WatchdogSources;
    watchdogSettings?: Partial<WatchdogSettings>;
  },
): Watchdogs {
  const watchdogs = new Watchdogs(
    Object.values(supervisionWatchdogs),
    watchdogReads(deps.watch, deps.events),
    deps.raiser,
    { ...DEFAULT_WATCHDOG_SETTINGS, ...deps.watchdogSettings },
    deps,
  );
  watchdogs.register();
  return watchdogs;
}

export * from './kinds.js';
export type { WatchdogSources } from './ports.js';
export { Watchdogs, WATCHDOGS_CONSUMER, watchdogJobKind } from './watchdogs.js';
