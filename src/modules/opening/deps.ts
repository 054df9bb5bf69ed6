import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/logger.js';
import type { Signer } from '../../platform/keys/signer.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import type { BidSource } from './bid-source.js';
import type { BidDecrypter } from './decrypt-pool.js';
import type { KeyVault } from './key-vault.js';
import type { NoticesPort, OpenDataPort, PartiesPort, TendersPort } from './ports.js';

export interface OpeningDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  jobs: JobQueue;
  signer: Signer;
  blobs: BlobStore;
  bids: BidSource;
  tenders: TendersPort;
  parties: PartiesPort;
  notices: NoticesPort;
  openData: OpenDataPort;
  /** How long after the deadline shares and bidder keys are awaited (OPENING_WINDOW_MINUTES). */
  windowMs: number;
  /** How often a running opening looks again for newly released shares. */
  pollMs: number;
  /** KEYS_DIR: where the opening key file (key-vault.ts) lives, beside the platform keys. */
  keysDir: string;
  log?: Logger;
  /** Bids in flight at once; default twice the decrypt workers (4 without workers). */
  decryptConcurrency?: number;
  /**
   * Worker threads that decrypt bids (decrypt-pool.ts); default the cores available, at most 4. 0 decrypts
   * on the main thread, as does a blob store that is not local files.
   */
  decryptWorkers?: number;
  /** Bids settled per transaction; default 50. */
  settleBatch?: number;
  /**
   * Whether this actor sits on a running evaluation of the tender and may read its opened bids. The
   * evaluation module sets it later (OpeningModule.setCommitteeCheck); until then only supervisors and each
   * bidder (its own bid) read them.
   */
  isCommitteeMember?: (actor: Actor, tenderId: string) => Promise<boolean>;
}

/**
 * The deps with what the module builds itself: the vault for key material held after the deadline, and the
 * decrypter (its worker threads end with the platform).
 */
export interface OpeningRuntime extends OpeningDeps {
  vault: KeyVault;
  decrypter: BidDecrypter;
}

export const OPENING_JOB = 'opening';

/** The platform acting by itself (the opening job). */
export const systemContext = (requestId: string): RequestContext => ({
  actor: null,
  ip: 'system',
  requestId,
});
