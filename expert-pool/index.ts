// The public API of expert-pool/ (专家库与随机抽取, docs/design.md §8, docs/domain.md §4): import from here only.
// Pure: no database, no HTTP, no Node built-ins; runs on the server, in the browser and in the CLI.

export type {
  ExpertStatus,
  DeclaredConflict,
  RecentDraw,
  PoolExpert,
  Exclusion,
  DrawContext,
  ExcludedExpert,
  EligibilityResult,
  DrawSlot,
  DrawRequest,
  Locality,
  DrawCandidate,
  DrawnMember,
  DrawStep,
  DrawRecord,
  Shortfall,
  DrawVerdict,
} from './types.js';

// Catalog (评标专家专业分类)
export {
  Catalog,
  CATEGORY_NAMES,
  codeCovers,
  isCatalogCode,
  levelOf,
  parentOf,
  type CatalogEntry,
  type Category,
  type Level,
} from './catalog/catalog.js';
export { parseCatalogCsv, CATALOG_HEADER, MAX_CATALOG_ROWS } from './catalog/parse.js';
export { defaultCatalog } from './catalog/default.js';
export { CATALOG_CSV } from './catalog/catalog-data.js';

// Eligibility (回避)
export { eligibility } from './eligibility.js';
export { DrawIndex, type EligibleForOptions } from './draw-index.js';
export {
  avoidanceRules,
  firstViolation,
  prepareContext,
  type AvoidanceRule,
  type RuleContext,
  type RuleViolation,
} from './rules/index.js';

// The verifiable draw
export { DrawShortfallError, DrawRequestError, CatalogError, type CatalogProblem } from './errors.js';
export { drawRequestProblems, assertDrawRequest, isCalendarDate, DRAW_LIMITS } from './request.js';
export {
  newDrawSecret,
  requestDigest,
  commitment,
  drawSeed,
  redrawSeed,
  isDrawSecret,
  isEntropy,
  MAX_ENTROPY_HEX,
} from './seed.js';
export { DrawRng } from './rng.js';
export { runDraw, redraw, type DrawInput, type RedrawInput } from './draw.js';
export { seatsOf, localityOf, type Seat, type SeatCandidates, type CandidateSource } from './seats.js';
export {
  startDraw,
  replaceMember,
  revealSecret,
  seatedMembers,
  everyoneDrawn,
  type StartDrawInput,
  type ReplaceMemberInput,
} from './record.js';
export { verifyDraw, verifyDrawJson } from './verify.js';
