import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/logger.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import { AlertRaiser } from './alerts.js';
import { createComplaints, type ComplaintService } from './complaints/index.js';
import type { PartiesPort } from './complaints/ports.js';
import { createDashboard, type Dashboard } from './dashboard/index.js';
import { createDigests, type DigestService } from './digest/index.js';
import { ScreenInputs } from './inputs.js';
import {
  createInstructions,
  type InstructionService,
  type InstructionSources,
} from './instructions/index.js';
import type { SupervisionModels } from './models.js';
import { BidFiles } from './history/bid-files.js';
import { initScreenHistoryModels } from './history/models.js';
import { Outcomes } from './history/outcomes.js';
import type {
  BidUploadsPort,
  EvaluationRoomPort,
  OpenedBidsPort,
  OpeningReadsPort,
  TendersPort,
} from './ports.js';
import { Screener } from './screener.js';
import { DEFAULT_SCREEN_SETTINGS, type ScreenSettings } from './screens/index.js';
import {
  createWatchdogs,
  type Watchdogs,
  type WatchdogSettings,
  type WatchdogSources,
} from './watchdogs/index.js';
import { AlertWorkflow } from './workflow.js';

export interface SupervisionDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  bids: BidUploadsPort;
  opening: OpeningReadsPort;
  tenders: TendersPort;
  /** Complaints: the evidence files' store, the complainants' parties, the log for the calendar's warnings. */
  blobs: BlobStore;
  parties: PartiesPort;
  log?: Logger;
  /** The screens' thresholds; the defaults otherwise. */
  settings?: Partial<ScreenSettings>;
  /** The opened bids (same-file, deemed-collusion) and the evaluation room (expert-deviation). */
  opened?: OpenedBidsPort;
  evaluation?: EvaluationRoomPort;
  /** Watchdogs and the daily digest: durable jobs, and what the watchdogs read of other modules. */
  jobs: JobQueue;
  watch: WatchdogSources;
  watchdogSettings?: Partial<WatchdogSettings>;
  /** Supervisory instructions: the tenders' holds and the notices they publish (instructions/). */
  instructionSources: InstructionSources;
}

export interface SupervisionModule {
  models: SupervisionModels;
  screener: Screener;
  alerts: AlertWorkflow;
  /** The live dashboard's overview and push feed (dashboard/). */
  dashboard: Dashboard;
  /** Complaints (投诉) and their working-day clocks (complaints/). */
  complaints: ComplaintService;
  /** Stage watchdogs on durable jobs (watchdogs/). */
  watchdogs: Watchdogs;
  /** The supervisors' daily digest (digest/). */
  digests: DigestService;
  /** Supervisory instructions: suspend and resume a tender (instructions/). */
  instructions: InstructionService;
}

/**
 * Supervision (监督, issue 12): the screens run as a durable consumer of the event stream whenever the
 * platform's consumers run, raising alerts that supervisors take up and resolve.
 */
export function createSupervision(models: SupervisionModels, deps: SupervisionDeps): SupervisionModule {
  const history = initScreenHistoryModels(deps.db.sequelize);
  const kept = {
    files: deps.opened && new BidFiles(history, { ...deps, opened: deps.opened }),
    outcomes: new Outcomes(history, deps),
  };
  const inputs = new ScreenInputs({ ...deps, ...kept });
  const raiser = new AlertRaiser(models, deps);
  const screener = new Screener(
    inputs,
    raiser,
    deps.events,
    { ...DEFAULT_SCREEN_SETTINGS, ...deps.settings },
    kept,
  );
  screener.subscribe();
  const alerts = new AlertWorkflow(models, deps);
  return {
    models,
    screener,
    alerts,
    dashboard: createDashboard({ ...deps, alerts }),
    complaints: createComplaints(deps),
    watchdogs: createWatchdogs({ ...deps, raiser }),
    digests: createDigests(models, deps),
    instructions: createInstructions({ ...deps, ...deps.instructionSources }),
  };
}
