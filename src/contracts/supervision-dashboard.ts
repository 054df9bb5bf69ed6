import type { z } from 'zod';
import type { alertPush, changedPush, overviewView } from '../modules/supervision/dashboard/schemas.js';
import type { ServerEventsOf } from '../platform/realtime/wire.js';

/** GET /supervision/overview: the dashboard's figures. */
export type SupervisionOverview = z.output<typeof overviewView>;
export type SupervisionAlertPush = z.output<typeof alertPush>;
export type SupervisionChangedPush = z.output<typeof changedPush>;

/** What `/supervision` pushes to supervisors; the namespace takes no client events. */
export interface SupervisionPushes {
  alert: SupervisionAlertPush;
  changed: SupervisionChangedPush;
}
export type SupervisionServerEvents = ServerEventsOf<SupervisionPushes>;
export type SupervisionClientEvents = Record<never, never>;
