/**
 * The tender lifecycle as other modules see it: whether a tender in a given status may take an action or a
 * transition, and which statuses are public. The one file outside the tenders module imports for status
 * questions; the tables themselves live in state-machine.ts, and status changes go through TendersService.
 */
export { can, isPublic, PUBLIC_STATUSES, type TenderAction, type TenderTransition } from './state-machine.js';
export type { TenderStatus } from './models.js';
// When the documents may change within 'published' depends on the 15-day notice (ZB Art.23).
export { CLARIFICATION_NOTICE_DAYS, deadlineAfterClarification } from './rules/clarification-deadline.js';
