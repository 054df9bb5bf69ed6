import { awardModule } from './award/index.js';
import { bidsModule } from './bids/index.js';
import { certificatesModule } from './certificates/index.js';
import { contractModule } from './contract/index.js';
import { creditModule } from './credit/index.js';
import { directoryModule } from './directory/index.js';
import { documentsModule } from './documents/index.js';
import { evaluationModule } from './evaluation/index.js';
import { expertsModule } from './experts/index.js';
import { identityModule } from './identity/index.js';
import { openDataModule } from './open-data/index.js';
import { openingHallModule } from './opening-hall/index.js';
import { openingModule } from './opening/index.js';
import { partiesModule } from './parties/index.js';
import { publicationModule } from './publication/index.js';
import { supervisionModule } from './supervision/index.js';
import { tendersModule } from './tenders/index.js';

/**
 * Every module of the platform, in the order they are built: a module's `create` may use the modules
 * above it. Adding a module is a folder with an `index.ts` and a line here.
 */
export const MODULES = [
  identityModule,
  partiesModule,
  certificatesModule,
  directoryModule,
  tendersModule,
  documentsModule,
  publicationModule,
  openDataModule,
  bidsModule,
  expertsModule,
  openingModule,
  openingHallModule,
  evaluationModule,
  awardModule,
  contractModule,
  supervisionModule,
  creditModule,
] as const;
