import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import { AlertRaiser } from './alerts.js';
import { ScreenInputs } from './inputs.js';
import type { SupervisionModels } from './models.js';
import type { BidUploadsPort, OpeningReadsPort, TendersPort } from './ports.js';
import { Screener } from './screener.js';
import { DEFAULT_SCREEN_SETTINGS, type ScreenSettings } from './screens/index.js';
import { AlertWorkflow } from './workflow.js';

export interface SupervisionDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  bids: BidUploadsPort;
  opening: OpeningReadsPort;
  tenders: TendersPort;
  /** The screens' thresholds; the defaults otherwise. */
  settings?: Partial<ScreenSettings>;
}

export interface SupervisionModule {
  models: SupervisionModels;
  screener: Screener;
  alerts: AlertWorkflow;
}

/**
 * Supervision (监督, issue 12): the screens run as a durable consumer of the event stream whenever the
 * platform's consumers run, raising alerts that supervisors take up and resolve.
 */
export function createSupervision(models: SupervisionModels, deps: SupervisionDeps): SupervisionModule {
  const inputs = new ScreenInputs(deps);
  const raiser = new AlertRaiser(models, deps);
  const screener = new Screener(inputs, raiser, deps.events, {
    ...DEFAULT_SCREEN_SETTINGS,
    ...deps.settings,
  });
  screener.subscribe();
  return { models, screener, alerts: new AlertWorkflow(models, deps) };
}
