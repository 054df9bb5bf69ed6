import { defineModule } from '../../platform/modules/contract.js';
import { initOpeningModels } from './models.js';
import { createOpeningModule, routesOf, type OpeningModule } from './module.js';

/** The opening at the deadline (开标): its durable job, the custodians' key releases and the records. */
export const openingModule = defineModule({
  name: 'opening',
  models: initOpeningModels,
  create: ({ config, db, audit, clock, events, jobs, keys, blobs, log }, models, m) =>
    createOpeningModule(models, {
      db,
      audit,
      clock,
      events,
      jobs,
      signer: keys.signer,
      blobs,
      bids: m.bids.forOpening,
      tenders: m.tenders,
      parties: m.parties,
      notices: m.notices,
      openData: m.openData,
      windowMs: config.OPENING_WINDOW_MINUTES * 60_000,
      pollMs: config.OPENING_POLL_SECONDS * 1000,
      keysDir: config.KEYS_DIR,
      log,
    }),
  routes: (opening) => routesOf(opening),
  close: (opening) => opening.close(), // its decrypt worker threads
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    opening: OpeningModule;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { BidSource, SubmittedBid } from './bid-source.js';
export type { SignedOpeningRecord } from './record.js';
export type { EvaluationBid } from './evaluation-bids.js';
export type { CommitteeCheck } from './opened-bids.js';
export type { ManifestAttachment } from './attachments.js';
