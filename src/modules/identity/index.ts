import { defineModule } from '../../platform/modules/contract.js';
import { initIdentityModels } from './models.js';
import { identityRoutes } from './routes.js';
import { IdentityService } from './service.js';

/** Users, roles and sessions (身份认证). */
export const identityModule = defineModule({
  name: 'identity',
  models: initIdentityModels,
  create: ({ config, db, audit, clock, events, passwordLogN }, models) =>
    new IdentityService(models, {
      db,
      audit,
      clock,
      events,
      sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000,
      passwordLogN,
    }),
  routes: (identity, { config, cluster }, modules) =>
    identityRoutes(
      identity,
      {
        maxAttempts: config.LOGIN_MAX_ATTEMPTS,
        windowMs: config.LOGIN_WINDOW_MINUTES * 60_000,
        store: (name) => cluster.rateLimitStore(name),
      },
      (partyId) => modules.parties.ownView(partyId),
      (partyIds) => modules.parties.namesOf(partyIds),
    ),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    identity: IdentityService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export { displayName, password, userView, username } from './schemas.js';
export type { UserView } from './schemas.js';
export { toUserView } from './service.js';
export type { IdentityService } from './service.js';
