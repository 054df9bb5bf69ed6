import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { CheckPayload, Watchdog } from './kinds.js';

interface ContractCheck extends CheckPayload {
  sectionId: string;
  awardId: string;
  /** When the contract module found the 30 days passed (00:00 Beijing of day 31 after the award notice). */
  at: string;
}

/**
 * No contract 30 days after the award notice (ZB Art.46): the contract module keeps the clock and says so on
 * day 31 (`contract.overdue`, day 31; day 25 is its own warning to the tenderee). The check looks again at the
 * award's contract events, so a contract signed, or a refusal recorded, in between raises nothing.
 */
export const contractOverdue: Watchdog<ContractCheck> = {
  kind: 'contract-overdue',
  triggers: ['contract.overdue'],
  async plan(event) {
    if (event.type !== 'contract.overdue' || event.data.day !== 31) return [];
    const { tenderId, sectionId, awardId, at } = event.data;
    return [
      {
        key: `${sectionId}:${awardId}`,
        runAt: new Date(at),
        payload: { tenderId, sectionId, awardId, at, seq: event.seq },
      },
    ];
  },
  async check({ tenderId, sectionId, awardId, at, seq }, reads) {
    const settled = await reads.events(tenderId, ['contract.signed', 'contract.refused']);
    // By the award, not the section: after a refusal the next candidate's award (SS Art.55) has its own 30 days.
    if (settled.some((e) => (e.data as { awardId?: string }).awardId === awardId)) return [];
    const tender = await reads.tender(tenderId);
    const section = tender?.sections.find((s) => s.id === sectionId);
    return [
      {
        indicator: 'contract-overdue',
        severity: 'warning',
        sectionId,
        identity: `contract-overdue:${awardId}`,
        summary: `No contract for ${section?.name ?? 'a section'} 30 days after the award notice (checked ${chinaTime(at)})`,
        seqs: [seq],
        details: {
          tenderCode: tender?.code ?? null,
          tenderTitle: tender?.title ?? null,
          sectionName: section?.name ?? null,
          limitPassedAt: at,
        },
      },
    ];
  },
};
