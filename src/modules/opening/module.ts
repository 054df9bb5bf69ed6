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
}

/** Builds the module, schedules openings with the tender's lifecycle and registers the job handler. */
export function createOpeningModule(models: OpeningModels, deps: OpeningDeps): OpeningModule {
  const runtime = { ...deps, vault: loadOrCreateKeyVault(deps.keysDir, deps.log) };
  const service = new OpeningService(models, runtime);
  service.subscribe();
  service.register();
  return { service, releases: new KeyReleases(models, runtime), reads: new OpeningReads(models, runtime) };
}

export const routesOf = (m: OpeningModule) => openingRoutes(m.releases, m.reads);
