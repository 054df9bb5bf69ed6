import { canonicalJson, signBidReceipt, type SignedBidReceipt } from '../../../crypto/index.js';
import type { Signer } from '../../platform/keys/signer.js';
import type { WithdrawalReceipt } from './schemas.js';

/** What both receipts name: the tender and section by id and code, and the bidder by name and USCC. */
export interface ReceiptParties {
  tender: { id: string; code: string };
  section: { id: string; code: string };
  bidder: { partyId: string; name: string; uscc: string };
}

/** The 确认回执 (EB Art.27), signed by the platform key; verifies offline with crypto/receipt.ts. */
export function bidReceipt(
  signer: Signer,
  parties: ReceiptParties,
  bid: {
    bidId: string;
    bidVersion: number;
    ciphertextSha256: string;
    size: number;
    receivedAt: Date;
    /** The sealed-bid format version: 2 was proven openable at receipt (ingest.ts assertOpenable). */
    formatVersion?: number;
  },
): Promise<SignedBidReceipt> {
  const { formatVersion, ...rest } = bid;
  return signBidReceipt(
    {
      ...parties,
      ...rest,
      ...(formatVersion === undefined ? {} : { openability: formatVersion >= 2 ? 'verified' : 'unverified' }),
      receivedAt: bid.receivedAt.toISOString(),
      platformCertificate: signer.fingerprint,
    },
    (data) => signer.sign(data),
  );
}

/**
 * The receipt for a withdrawal (EB Art.27: a bidder may withdraw before the deadline): the same shape of
 * proof as a bid receipt, RSA-PSS over the canonical JSON of `receipt`, so the bidder can show it later.
 */
export async function withdrawalReceipt(
  signer: Signer,
  parties: ReceiptParties,
  bid: { bidId: string; bidVersion: number; withdrawnAt: Date },
): Promise<WithdrawalReceipt> {
  const receipt: WithdrawalReceipt['receipt'] = {
    format: 'yangguang/bid-withdrawal',
    version: 1,
    bidId: bid.bidId,
    bidVersion: bid.bidVersion,
    ...parties,
    withdrawnAt: bid.withdrawnAt.toISOString(),
    platformCertificate: signer.fingerprint,
  };
  return { receipt, signature: await signer.sign(canonicalJson(receipt)) };
}
