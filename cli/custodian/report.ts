// A custodian's signed report that its wrapped share of a bid is unusable: it does not unwrap with the
// custodian's key, it unwraps to a share that fails the bidder's check, or the bid carries none for its
// position. The report is what lets the opening class such a bid as the bidder's fault (视为撤销) instead of
// blaming the custodian (crypto/sealed-bid/SPEC.md, "Share reports"). Runs in Node and in the browser: the
// agent and the 密钥托管 page report the same way; the server rebuilds the same statement to verify it.
import { canonicalJson } from '../../crypto/canonical-json.js';
import { fromBase64, sha256Hex, utf8 } from '../../crypto/encoding.js';
import type { UnwrapFailure } from './shares.js';
import type { WrappedShare } from './protocol.js';

export const SHARE_REPORT_PURPOSE = 'yangguang/sealed-bid/share-report';

export type ShareReportReason = UnwrapFailure['reason'];

/** What a custodian signs: the bid and the exact wrapped share it was given, and what went wrong. */
export interface ShareReportStatement {
  purpose: typeof SHARE_REPORT_PURPOSE;
  tenderId: string;
  bidId: string;
  version: number;
  position: number;
  /** SHA-256 of the sealed header's canonical JSON: the header the bidder signed. */
  headerSha256: string;
  /** SHA-256 of the wrapped share's bytes as given (of nothing when the header has none for the position). */
  wrappedShareSha256: string;
  reason: ShareReportReason;
}

/** The SHA-256 a statement names for a wrapped share (base64 as in the header; empty when there is none). */
export async function wrappedShareDigest(wrappedShare: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = wrappedShare ? fromBase64(wrappedShare) : new Uint8Array(0);
  } catch {
    bytes = utf8(wrappedShare); // not base64 at all: the text itself is what was given
  }
  return sha256Hex(bytes);
}

/** The bytes signed: the statement's canonical JSON, UTF-8. */
export function shareReportBytes(statement: ShareReportStatement): Uint8Array {
  return utf8(canonicalJson(statement));
}

export interface SignedShareReport {
  bidId: string;
  version: number;
  reason: ShareReportReason;
  /** RSA-PSS-SHA256 (salt 32) over shareReportBytes, base64. */
  signature: string;
}

/** Signs one report per failure with the custodian's own key (the key of its certificate for the tender). */
export async function signShareReports(
  tenderId: string,
  position: number,
  bids: WrappedShare[],
  failures: UnwrapFailure[],
  sign: (data: Uint8Array) => Promise<string>,
): Promise<SignedShareReport[]> {
  const out: SignedShareReport[] = [];
  for (const f of failures) {
    const bid = bids.find((b) => b.bidId === f.bidId);
    // Without the header's digest the statement could not name what it is about: nothing to sign.
    if (!bid?.headerSha256) continue;
    const statement: ShareReportStatement = {
      purpose: SHARE_REPORT_PURPOSE,
      tenderId,
      bidId: bid.bidId,
      version: bid.version,
      position,
      headerSha256: bid.headerSha256,
      wrappedShareSha256: await wrappedShareDigest(bid.wrappedShare),
      reason: f.reason,
    };
    out.push({
      bidId: bid.bidId,
      version: bid.version,
      reason: f.reason,
      signature: await sign(shareReportBytes(statement)),
    });
  }
  return out;
}
