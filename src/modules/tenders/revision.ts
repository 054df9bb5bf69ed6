import { pathPattern, revision, type Revision } from '../../platform/events/revision.js';
import type { TenderView } from './schemas.js';

/**
 * What saving a draft changed, from its views before and after: money in fen as the view has it, long texts
 * by digest. Left out: what a save regenerates (section ids, the custodians' PEMs, named by their serial)
 * and what it does not edit (status, timestamps, clarifications).
 */
const ignored = pathPattern(
  'status',
  'createdAt',
  'dateModified',
  'publishedAt',
  'cancelledAt',
  'cancellationReason',
  'clarifications',
  'sections.*.id',
  'custodians.members.*.certificatePem',
);

export function tenderRevision(before: TenderView, after: TenderView): Revision {
  return revision(before, after, { ignore: ignored });
}
