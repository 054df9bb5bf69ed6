import { defineModule } from '../../platform/modules/contract.js';
import { directoryRoutes } from './routes.js';
import { Directory } from './service.js';

/** Who may be named on a form (key custodians, supervisors): names for pickers, never contact details. */
export const directoryModule = defineModule({
  name: 'directory',
  create: ({ clock }, _models, { identity, parties, certificates }) =>
    new Directory({ identity, parties, certificates, clock }),
  routes: (directory) => directoryRoutes(directory),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    directory: Directory;
  }
}

export type { CustodianEntry, DirectoryEntry } from './schemas.js';
