import type { z } from 'zod';
import type { awardBody, letterSchema, sectionStateSchema } from '../modules/award/schemas.js';

/** A section's award stage as GET /tenders/:id/award shows it: its candidates, publicity and award. */
export type AwardSectionState = z.output<typeof sectionStateSchema>;
/** One of the publicity's candidates (中标候选人), in rank order. */
export type AwardCandidate = NonNullable<AwardSectionState['report']>['candidates'][number];
/** A 中标通知书 or 中标结果通知书 as GET /tenders/:id/award-letters lists it. */
export type AwardLetter = z.output<typeof letterSchema>;
/** The body of POST /tenders/:id/sections/:sectionId/award. */
export type AwardRequest = z.input<typeof awardBody>;
