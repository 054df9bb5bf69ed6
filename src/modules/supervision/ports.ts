import type { Readable } from 'node:stream';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { SignedOpeningRecord } from '../opening/index.js';
import type { TenderView } from '../tenders/index.js';

/*
 * What the screens read of other modules, and nothing more; their index.ts hand these over (./index.ts).
 */

/** The device a bidder's client reported with an upload (bids module, X-Client-Device). */
export interface ReportedDevice {
  deviceId?: string;
  macHashes?: string[];
  cpuId?: string;
  diskIds?: string[];
}

/** The bids module's supervision read (GET /tenders/:id/bids): who bid, each upload's device. */
export interface BidUploadsPort {
  supervised(
    actor: Actor,
    tenderId: string,
  ): Promise<{
    items: {
      bid: { id: string };
      bidder: { partyId: string; name: string };
      versions: {
        version: number;
        device: ReportedDevice | null;
        /** The account the deposit was paid from, as the upload declared it (X-Deposit-Account). */
        depositAccount: { bank: string; accountName: string; accountNumber: string } | null;
      }[];
    }[];
  }>;
}

/** The opening's public reads: the published records (prices) and how many bids each section received. */
export interface OpeningReadsPort {
  records(actor: null, tenderId: string): Promise<{ records: SignedOpeningRecord[] }>;
  state(actor: null, tenderId: string): Promise<{ sections?: { sectionId: string; bidCount: number }[] }>;
}

/**
 * The opening's decrypted bids, read as a supervisor reads them (each read audited by the opening): the form
 * with its attachment list, and the package streamed, decrypted on demand and never stored.
 */
export interface OpenedBidsPort {
  /** An opened bid's form and its package decrypted as it streams, audited as one read of the package. */
  formAndPackage(
    ctx: RequestContext,
    bidId: string,
  ): Promise<{
    version: number;
    form: Record<string, string | number> | null;
    attachments: { name: string; size: number; mediaType: string }[];
    stream: Readable;
  }>;
}

/**
 * The evaluation room as a supervisor sees it: every member's total per bid once scored (`revealed`). The
 * screens ask with `lastSeq` past the end, so no log entry is read.
 */
export interface EvaluationRoomPort {
  join(
    actor: Actor,
    evaluationId: string,
    lastSeq?: number,
  ): Promise<{
    sectionId: string;
    bids: { bidId: string; bidderName: string }[];
    revealed: { bidId: string; members: { memberId: string; name: string; totalHundredths: number }[] }[];
  }>;
}

/** The tender as data: its schedule and each section's maximum price. */
export interface TendersPort {
  view(id: string): Promise<TenderView>;
}

/**
 * The screens read the bids as a supervisor does: the bids module lets supervisors alone see who bid and
 * from where, and the screens are the supervision department's own reading, on the platform's behalf.
 */
export const SCREENS_READER: Actor = {
  userId: 'system:supervision-screens',
  username: 'supervision-screens',
  displayName: 'Supervision screens',
  role: 'supervisor',
  partyId: null,
  sessionId: 'system',
  sessionExpiresAt: new Date(8.64e15),
};
