import { conflict } from '../../platform/errors.js';
import { can, CLARIFICATION_NOTICE_DAYS, deadlineAfterClarification } from '../tenders/index.js';
import type { Tender } from '../tenders/index.js';

/** The amendment an upload names (?amendment=N), and whether the tender has issued it. */
export interface NamedAmendment {
  number?: number;
  issued: boolean;
}

/**
 * Whether a tender's documents may change now. A draft's change freely. A published tender's change only with
 * an amendment already issued for it (ZB Art.23), and only while the change can still reach bidders 15 days
 * before the deadline: the changed file goes out when it is uploaded, so an older amendment cannot carry a
 * late change, while a new amendment moves the deadline as it must. After the deadline they are closed.
 */
export function assertDocumentsMayChange(
  tender: Pick<Tender, 'status' | 'bidDeadline'>,
  amendment: NamedAmendment,
  now: Date,
): void {
  const beforeDeadline = now.getTime() < tender.bidDeadline.getTime();
  const draft = can(tender.status, 'editDraft'); // the working copy, before anyone has received it
  if (!can(tender.status, 'uploadDocument') || (!draft && !beforeDeadline)) {
    throw conflict('TENDER_CLOSED', `The documents of this tender can no longer change (${tender.status})`);
  }
  if (draft && amendment.number === undefined) return;
  if (!amendment.issued) {
    throw conflict(
      'AMENDMENT_REQUIRED',
      amendment.number === undefined
        ? 'A published tender changes its documents only with an amendment: name it with ?amendment=N'
        : `This tender has issued no amendment number ${amendment.number}`,
    );
  }
  if (!draft && deadlineAfterClarification(tender.bidDeadline, now).moved) {
    throw conflict(
      'AMENDMENT_REQUIRED',
      `Fewer than ${CLARIFICATION_NOTICE_DAYS} days remain before the bid deadline: ` +
        'issue a new amendment, which moves the deadline',
      { minDays: CLARIFICATION_NOTICE_DAYS },
    );
  }
}
