import type { Actor } from '../../platform/auth/roles.js';
import { mayManage } from '../tenders/index.js';
import { isPublic } from '../tenders/index.js';
import type { Tender } from '../tenders/index.js';

/**
 * Who downloaded the tender documents, and how many did, stays secret until the bid deadline (EB Art.21),
 * from the tenderee and its agency too, so nobody can steer or warn bidders; supervision sees it throughout.
 */
export function maySeeDownloads(actor: Actor | null, tender: Tender, now: Date): boolean {
  if (actor?.role === 'supervisor') return true;
  return mayManage(actor, tender) && now.getTime() >= tender.bidDeadline.getTime();
}

/** A draft's documents are working copies: fetching them is review, not obtaining the tender documents. */
export const recordsDownloads = (tender: Tender) => isPublic(tender.status);
