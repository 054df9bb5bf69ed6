import type { Rule } from '../../../platform/rules/index.js';
import type { Finding } from './finding.js';
import type { ScreenSettings } from './settings.js';

const DAY_MS = 24 * 3600_000;

export interface TenderPeriodFacts {
  publishedAt: number;
  documentsFrom: number;
  bidDeadline: number;
  /** The events that told the schedule (tender.published, tender.bidding-closed). */
  seqs: number[];
}

/**
 * short-period: the tender period, from when the documents were first issued (never before publication) to
 * the bid deadline, is shorter than `minTenderPeriodDays` (R003; ZB Art.24: 20 days). Publication checks
 * the statutory period already; this screen holds the published schedule to the department's own minimum,
 * after every change that could move it.
 */
export const shortPeriod: Rule<TenderPeriodFacts, Finding, Pick<ScreenSettings, 'minTenderPeriodDays'>> = (
  { publishedAt, documentsFrom, bidDeadline, seqs },
  { minTenderPeriodDays },
) => {
  const from = Math.max(publishedAt, documentsFrom);
  const periodMs = bidDeadline - from;
  if (periodMs >= minTenderPeriodDays * DAY_MS) return [];
  const days = Math.floor((periodMs / DAY_MS) * 100) / 100;
  return [
    {
      indicator: 'short-period',
      severity: 'warning',
      sectionId: null,
      identity: 'tender',
      summary: `The tender period is ${days} days, shorter than ${minTenderPeriodDays} days`,
      seqs: [...seqs].sort((a, b) => a - b),
      details: {
        from: new Date(from).toISOString(),
        bidDeadline: new Date(bidDeadline).toISOString(),
        days,
        minDays: minTenderPeriodDays,
      },
    },
  ];
};
