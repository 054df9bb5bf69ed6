import { conflict } from '../../platform/errors.js';
import type { TenderStatus } from './models.js';

/**
 * The tender's lifecycle (DOMAIN.md §8), owned here and nowhere else: every status change goes through
 * `nextStatus`, which refuses a transition the table does not list. Later issues add opening, evaluation,
 * publicity and award as rows of this table.
 */
export const TRANSITIONS = {
  publish: { from: ['draft'], to: 'published' },
  suspend: { from: ['published'], to: 'suspended' }, // an objection is open (SS Art.22)
  resume: { from: ['suspended'], to: 'published' },
  closeBidding: { from: ['published'], to: 'bidding-closed' }, // the bid deadline passed
  cancel: { from: ['draft', 'published', 'suspended'], to: 'cancelled' },
  startOpening: { from: ['bidding-closed'], to: 'opening' }, // the opening job froze the bids
  fail: { from: ['opening'], to: 'failed' }, // 流标: every section had fewer than 3 bids (SS Art.44)
  startEvaluation: { from: ['opening'], to: 'evaluating' }, // every section's opening record is published
} as const satisfies Record<string, { from: readonly TenderStatus[]; to: TenderStatus }>;

export type TenderTransition = keyof typeof TRANSITIONS;

export function canTransition(from: TenderStatus, transition: TenderTransition): boolean {
  return (TRANSITIONS[transition].from as readonly TenderStatus[]).includes(from);
}

export function nextStatus(from: TenderStatus, transition: TenderTransition): TenderStatus {
  if (!canTransition(from, transition)) {
    throw conflict('INVALID_TRANSITION', `A ${from} tender cannot ${transition}`, { from, transition });
  }
  return TRANSITIONS[transition].to;
}

/** Statuses the public sees: everything but drafts. */
export const PUBLIC_STATUSES: readonly TenderStatus[] = [
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'failed',
  'cancelled',
];
