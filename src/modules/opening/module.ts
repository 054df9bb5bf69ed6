import type { Transaction } from 'sequelize';
import { bidDecrypter } from './decrypt-pool.js';
import type { OpeningDeps } from './deps.js';
import { loadOrCreateKeyVault } from './key-vault.js';
import type { OpeningModels } from './models.js';
import { bidsForEvaluation, type EvaluationBid } from './evaluation-bids.js';
import { OpenedBids, type CommitteeCheck } from './opened-bids.js';
import { OpeningReads } from './reads.js';
import { KeyReleases } from './releases.js';
import { openingRoutes } from './routes.js';
import { OpeningService } from './service.js';
import { ShareReports } from './share-reports.js';

/** The opening module as compose wires it: the job, the key releases and the reads. */
export interface OpeningModule {
  service: OpeningService;
  releases: KeyReleases;
  /** Custodians' signed reports of wrapped shares they cannot use. */
  reports: ShareReports;
  reads: OpeningReads;
  /** The decrypted bids, for their bidder, supervisors and the evaluation committee. */
  opened: OpenedBids;
  /**
   * Who sits on a running evaluation of a tender: set by the evaluation module once built (it comes after
   * this one), asked for each read of an opened bid by an expert or a tenderee's representative.
   */
  setCommitteeCheck(check: CommitteeCheck): void;
  /** The section's opened bids with their prices, for the evaluation (once the section's record is out). */
  bidsForEvaluation(tenderId: string, sectionId: string, t?: Transaction): Promise<EvaluationBid[]>;
  /** Stops the decrypt workers; the platform's close calls it. */
  close(): Promise<void>;
}

/** Builds the module, schedules openings with the tender's lifecycle and registers the job handler. */
export function createOpeningModule(models: OpeningModels, deps: OpeningDeps): OpeningModule {
  const decrypter = bidDecrypter({ blobs: deps.blobs, bids: deps.bids, workers: deps.decryptWorkers });
  const runtime = { ...deps, vault: loadOrCreateKeyVault(deps.keysDir, deps.log), decrypter };
  const service = new OpeningService(models, runtime);
  service.subscribe();
  service.register();
  const opened = new OpenedBids(models, runtime);
  const releases = new KeyReleases(models, runtime);
  return {
    service,
    releases,
    reports: new ShareReports(models, runtime, releases),
    reads: new OpeningReads(models, runtime),
    opened,
    setCommitteeCheck: (check) => opened.setCommitteeCheck(check),
    bidsForEvaluation: (tenderId, sectionId, t) => bidsForEvaluation(models, runtime, tenderId, sectionId, t),
    close: () => decrypter.close(),
  };
}

export const routesOf = (m: OpeningModule) => openingRoutes(m.releases, m.reads, m.opened, m.reports);
