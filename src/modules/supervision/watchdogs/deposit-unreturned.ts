import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { CheckPayload, Watchdog } from './kinds.js';

interface DepositCheck extends CheckPayload {
  sectionId: string;
  contractId: string;
  bidderPartyIds: string[];
  at: string;
}

/**
 * Bid deposits not returned within 5 days of the contract (SS Art.57): the contract module's job names the
 * bidders whose return is not recorded (`deposit.return-overdue`). The check leaves out those recorded since,
 * and names the rest.
 */
export const depositUnreturned: Watchdog<DepositCheck> = {
  kind: 'deposit-unreturned',
  triggers: ['deposit.return-overdue'],
  async plan(event) {
    if (event.type !== 'deposit.return-overdue') return [];
    const { tenderId, sectionId, contractId, bidderPartyIds, at } = event.data;
    return [
      {
        key: contractId,
        runAt: new Date(at),
        payload: { tenderId, sectionId, contractId, bidderPartyIds, at, seq: event.seq },
      },
    ];
  },
  async check({ tenderId, sectionId, contractId, bidderPartyIds, at, seq }, reads) {
    const returned = new Set(
      (await reads.events(tenderId, ['contract.deposit-returned']))
        .map((e) => e.data as { contractId?: string; bidderPartyId?: string })
        .filter((d) => d.contractId === contractId)
        .map((d) => d.bidderPartyId),
    );
    const owed = bidderPartyIds.filter((id) => !returned.has(id));
    if (owed.length === 0) return [];
    const tender = await reads.tender(tenderId);
    const section = tender?.sections.find((s) => s.id === sectionId);
    const bidders = await Promise.all(
      owed.map(async (partyId) => ({ partyId, name: await reads.partyName(partyId) })),
    );
    return [
      {
        indicator: 'deposit-unreturned',
        severity: 'warning',
        sectionId,
        identity: `deposit-unreturned:${contractId}`,
        summary: `Bid deposits of ${bidders.map((b) => b.name).join(', ')} not returned within 5 days of the contract for ${section?.name ?? 'a section'} (checked ${chinaTime(at)})`,
        seqs: [seq],
        details: {
          tenderCode: tender?.code ?? null,
          tenderTitle: tender?.title ?? null,
          sectionName: section?.name ?? null,
          bidders,
        },
      },
    ];
  },
};
