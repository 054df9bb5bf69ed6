import { defineModule } from '../../platform/modules/contract.js';
import { initBidModels } from './models.js';
import { bidRoutes } from './routes.js';
import { BidsService } from './service.js';

/** Sealed bids (投标): streamed, checked without a key, stored unopened, answered with a signed receipt. */
export const bidsModule = defineModule({
  name: 'bids',
  models: initBidModels,
  create: ({ config, db, audit, clock, events, blobs, keys }, models, m) =>
    new BidsService(models, {
      db,
      audit,
      clock,
      events,
      blobs,
      tenders: m.tenders,
      parties: m.parties,
      certificates: m.certificates,
      signer: keys.signer,
      maxBytes: config.BID_MAX_MB * 2 ** 20,
    }),
  routes: (bids) => bidRoutes(bids),
  close: (bids) => bids.close(), // its checking thread
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    bids: BidsService;
  }
}
