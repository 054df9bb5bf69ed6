import type { TenderStatus } from '../../tenders/index.js';

/**
 * The dashboard's three stages of a tender (plus the drafts nobody sees yet and the tenders that ended
 * without an award), from the tender's status (src/modules/tenders/state-machine.ts):
 * - pre-bid (投标前): published, or suspended by an open objection, before the bid deadline;
 * - in-bid (开标中): bidding closed and the opening under way;
 * - post-bid (开标后): evaluating and every later status (publicity, award, contract as they arrive);
 * - ended: failed (流标) or cancelled; draft: not published, so outside oversight's figures.
 * Typed over every status, so a status added to the lifecycle fails to compile until it is placed here.
 */
export const STAGES = ['pre-bid', 'in-bid', 'post-bid', 'ended'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_OF = {
  draft: null,
  published: 'pre-bid',
  suspended: 'pre-bid',
  'bidding-closed': 'in-bid',
  opening: 'in-bid',
  evaluating: 'post-bid',
  publicity: 'post-bid',
  awarded: 'post-bid',
  contracted: 'post-bid',
  performance: 'post-bid',
  closed: 'ended',
  failed: 'ended',
  cancelled: 'ended',
} as const satisfies Record<TenderStatus, Stage | null>;

export const stageOf = (status: string): Stage | null =>
  (STAGE_OF as Record<string, Stage | null>)[status] ?? null;
