/** The share-release calls a custodian's page makes (notes/opening-contract.md, src/modules/opening/routes.ts). */
import { request } from '../../api.js';
import type { ReleasedShare, WrappedShare } from '../../../../cli/custodian/protocol.js';
import type { SignedShareReport } from '../../../../cli/custodian/report.js';

export interface CustodyTender {
  tenderId: string;
  code: string;
  title: string;
  /** The opening time (开标时间). */
  bidDeadline: string;
  position: number;
  status: string;
  released: boolean;
}

const tender = (id: string) => `/tenders/${encodeURIComponent(id)}/opening`;

export const custodyApi = {
  myTenders: async () => (await request<{ items: CustodyTender[] }>('GET', '/openings/custodian')).items,
  wrappedShares: (tenderId: string) =>
    request<{ position: number; threshold: number; bids: WrappedShare[] }>(
      'GET',
      `${tender(tenderId)}/wrapped-shares`,
    ),
  release: (tenderId: string, shares: ReleasedShare[]) =>
    request<{ accepted: string[]; wrong: string[] }>('POST', `${tender(tenderId)}/shares`, { shares }),
  /** Shares this custodian cannot use, reported signed (the bidder's doing, not the custodian's). */
  report: (tenderId: string, reports: SignedShareReport[]) =>
    request<{ recorded: string[] }>('POST', `${tender(tenderId)}/share-reports`, { reports }),
};
