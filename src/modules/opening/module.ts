import { bidDecrypter } from './decrypt-pool.js';
import type { OpeningDeps } from './deps.js';
import { loadOrCreateKeyVault } from './key-vault.js';
import type { OpeningModels } from './models.js';
import { OpeningReads } from './reads.js';
import { KeyReleases } from './releases.js';
import { openingRoutes } from './routes.js';
import { OpeningService } from './service.js';

/** The opening module as compose wires it: the job, the key releases and the reads. */
export interface OpeningModule {
  service: OpeningService;
  releases: KeyReleases;
  reads: OpeningReads;
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
  return {
    service,
    releases: new KeyReleases(models, runtime),
    reads: new OpeningReads(models, runtime),
    close: () => decrypter.close(),
  };
}

export const routesOf = (m: OpeningModule) => openingRoutes(m.releases, m.reads);
