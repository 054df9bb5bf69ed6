/**
 * The types the browser shares with the server, derived from the server's own zod schemas (`z.output` of
 * what the server sends, `z.input` of what it accepts) and socket event maps, so the two cannot drift apart.
 * Types only: web/ imports this module with `import type` through the `@contracts` path of
 * web/tsconfig.json, which the bundler does not resolve, so no server code can reach the bundle (and
 * .dependency-cruiser.cjs lets web/ import nothing else of src/).
 */
export type * from './award.js';
export type * from './bids.js';
export type * from './complaints.js';
export type * from './contract.js';
export type * from './directory.js';
export type * from './evaluation.js';
export type * from './experts.js';
export type * from './identity.js';
export type * from './opening-hall.js';
export type * from './supervision-dashboard.js';
export type * from './supervision-digest.js';
export type * from './supervision-instructions.js';
export type * from './supervision-tender.js';
export type * from './tenders.js';
export type * from '../platform/realtime/wire.js';
