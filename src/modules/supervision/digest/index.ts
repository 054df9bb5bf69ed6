import type { SupervisionModels } from '../models.js';
import { initDigestModels } from './models.js';
import { DigestService, type DigestDeps } from './service.js';

export { DigestService, DIGEST_JOB } from './service.js';
export { digestRoutes } from './routes.js';
export type { DigestFigures, DigestView } from './schemas.js';

/**
 * The daily digest with its job handler registered. Its table is bound here, beside the alerts it reads
 * (supervision's models seam stays the alerts').
 */
export function createDigests(
  alerts: SupervisionModels,
  deps: Omit<DigestDeps, 'eventModels'>,
): DigestService {
  const models = { ...alerts, ...initDigestModels(deps.db.sequelize) };
  const digests = new DigestService(models, { ...deps, eventModels: deps.events.models });
  digests.register();
  return digests;
}
