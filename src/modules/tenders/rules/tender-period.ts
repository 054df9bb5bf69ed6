import { DAY_MS, days, type TenderRule } from './rule.js';

/** ZB Art.24: at least 20 days from when the documents are first issued to the bid deadline. */
export const MIN_TENDER_PERIOD_DAYS = 20;

export const tenderPeriod: TenderRule = ({ schedule }, now) => {
  // Documents cannot be issued before the tender is published, so the period counts from now at the earliest.
  const from = Math.max(schedule.documentsFrom.getTime(), now.getTime());
  const period = schedule.bidDeadline.getTime() - from;
  if (period >= MIN_TENDER_PERIOD_DAYS * DAY_MS) return [];
  return [
    {
      code: 'TENDER_PERIOD_TOO_SHORT',
      field: 'schedule.bidDeadline',
      message: `The bid deadline must be at least ${MIN_TENDER_PERIOD_DAYS} days after the documents are issued`,
      params: { minDays: MIN_TENDER_PERIOD_DAYS, actualDays: days(period) },
    },
  ];
};
