import { DAY_MS, days, type TenderRule } from './rule.js';

/** SS Art.16: tender documents are available for at least 5 days. */
export const MIN_DOCUMENTS_DAYS = 5;

export const documentsAvailability: TenderRule = ({ schedule }, now) => {
  const from = Math.max(schedule.documentsFrom.getTime(), now.getTime());
  const available = schedule.documentsTo.getTime() - from;
  if (available >= MIN_DOCUMENTS_DAYS * DAY_MS) return [];
  return [
    {
      code: 'DOCUMENTS_PERIOD_TOO_SHORT',
      field: 'schedule.documentsTo',
      message: `Tender documents must be available for at least ${MIN_DOCUMENTS_DAYS} days`,
      params: { minDays: MIN_DOCUMENTS_DAYS, actualDays: days(available) },
    },
  ];
};
