import type { Readable } from 'node:stream';
import { UniqueConstraintError } from 'sequelize';
import { sealedBid } from '../../../crypto/index.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { Signer } from '../../platform/keys/signer.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import { FileBlobStore } from '../../platform/storage/file-blob-store.js';
import type { WorkerPool } from '../../platform/workers/pool.js';
import {
  assertAddressedHere,
  assertCustodians,
  assertNotBarred,
  assertOpenForBids,
  assertStillValid,
  bidderCertificate,
} from './checks.js';
import './events.js';
import type { SubmissionHeaders } from './http.js';
import { assertOpenable, bidTooLarge, ingestSealedBid } from './ingest.js';
import type { Bid, BidModels, BidVersion } from './models.js';
import { BidReads } from './reads.js';
import { GroupCommit } from './group-commit.js';
import { storedBidChecks, type StoredBidCheck, type StoredBidTask } from './stored-check.js';
import { IngestSlots } from './ingest-slots.js';
import { arrivalKeys, type Arrival } from './arrivals.js';
import { recordArrivals, type Recorded } from './record.js';
import { withdrawalReceipt } from './receipts.js';
import type { BidView, WithdrawalReceipt } from './schemas.js';
import { toBidView } from './views.js';
import { bidsForOpening } from './opening-access.js';
import type { BidSource } from '../opening/index.js';
import type { CertificatesPort, CreditCheckPort, PartiesPort, TendersPort } from './ports.js';

/** The most bids committed in one transaction. */
const COMMIT_BATCH = 32;
/**
 * The most uploads read at once (IngestSlots); the rest wait for a slot. 16 keep two cores and a disk busy:
 * 200 × 5 MB bids read 16 at a time finish as fast as all at once, with a fraction of the memory.
 */
const INGEST_SLOTS = 16;

export interface BidDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  blobs: BlobStore;
  tenders: TendersPort;
  parties: PartiesPort;
  certificates: CertificatesPort;
  signer: Signer;
  /** The largest sealed file accepted, in bytes (BID_MAX_MB). */
  maxBytes: number;
}

/**
 * Sealed bids (EB Art.26-27): a bidder uploads the file its own client sealed; the server checks what can be
 * checked without a key, stores the ciphertext unopened, and answers with a signed receipt. Replacing and
 * withdrawing run until the deadline. Nobody reads a bid before the opening; only oversight sees who bid.
 */
export class BidsService {
  readonly reads: BidReads;
  /** What the opening reads of the bids (its port, src/modules/opening/bid-source.ts). */
  readonly forOpening: BidSource;
  /** Finished uploads commit in batches: one transaction, lock and fsync for many bids. */
  private readonly commits: GroupCommit<Arrival, Recorded>;
  /** Uploads are read a few at a time: hundreds at once would hold hundreds of buffers for no speed. */
  private readonly slots = new IngestSlots(INGEST_SLOTS);
  /** Hashes each staged upload on its own thread, where the store stages local files (ingestSealedBid). */
  private readonly storedChecks?: WorkerPool<StoredBidTask, StoredBidCheck>;

  constructor(
    private readonly models: BidModels,
    private readonly deps: BidDeps,
  ) {
    this.reads = new BidReads(models, deps);
    this.forOpening = bidsForOpening(models, deps.blobs);
    if (deps.blobs instanceof FileBlobStore) this.storedChecks = storedBidChecks();
    this.commits = new GroupCommit({
      maxBatch: COMMIT_BATCH,
      keysOf: arrivalKeys,
      commit: (arrivals) =>
        this.withRetry(() => deps.db.transaction((t) => recordArrivals(t, deps, models, arrivals))),
    });
  }

  /** Stops the checking thread; the platform's close calls it. */
  close(): Promise<void> {
    return this.storedChecks?.close() ?? Promise.resolve();
  }

  /** The credit module's port, filled when it is built (it is listed after bids). */
  private credit: CreditCheckPort | null = null;

  setCreditCheck(check: CreditCheckPort): void {
    this.credit = check;
  }

  async submit(
    ctx: RequestContext,
    tenderId: string,
    sectionId: string,
    upload: { headers: SubmissionHeaders; body: () => Readable },
  ): Promise<Recorded> {
    const { tenders, clock, certificates, blobs, maxBytes } = this.deps;
    const actor = ctx.actor!;
    const terms = await tenders.biddingTerms(actor, tenderId);
    if (!terms.sections.some((s) => s.id === sectionId)) throw notFound('Section');
    // A retry of an upload that made it (its answer lost) is answered even after the deadline.
    if (!(await this.replayable(actor, upload.headers.idempotencyKey))) {
      assertOpenForBids(terms, clock.now());
      await assertNotBarred(this.credit, actor.partyId!);
    }
    const declared = upload.headers.declaredLength;
    if (declared !== null && declared > maxBytes) throw bidTooLarge(maxBytes);

    let certificatePem = '';
    // The body is opened only once a slot is free; until then the client's bytes wait in its socket. The slot
    // is held while the body is read (or given up early by a slow client), not through the fsync or commit.
    const slot = await this.slots.acquire();
    const checks = this.storedChecks;
    const { staged, summary } = await ingestSealedBid(blobs, upload.body(), {
      maxBytes,
      slot,
      checkStored: checks && ((task) => checks.run(task)),
      onHeader: async (header) => {
        assertAddressedHere(header, terms, sectionId, actor);
        assertCustodians(header, terms);
        await assertOpenable(header, terms.custodians.members);
        certificatePem = await bidderCertificate(certificates, header, actor, clock.now());
      },
    }).finally(() => slot.release());
    try {
      if (!(await sealedBid.verifySealedBidSignature(summary, certificatePem))) {
        throw unprocessable(
          'BID_SIGNATURE_INVALID',
          "The bidder's signature does not verify: the file was altered, or signed with another key",
        );
      }
      // Again as the upload completes: a certificate revoked meanwhile signs no bid.
      await assertStillValid(certificates, summary.header.bidder.certificateSerial, clock.now());
      const party = (await this.deps.parties.find(actor.partyId!))!;
      const arrival = { ctx, terms, party, tenderId, sectionId, staged, summary, headers: upload.headers };
      return await this.commits.submit(arrival);
    } finally {
      await staged.discard(); // nothing once committed; the staged copy when anything failed
    }
  }

  /** Withdraws the bid before the deadline (EB Art.27); it may be submitted again until then. */
  async withdraw(
    ctx: RequestContext,
    bidId: string,
  ): Promise<BidView & { withdrawalReceipt: WithdrawalReceipt }> {
    const { db, tenders, clock, audit, events, parties, signer } = this.deps;
    const found = await this.reads.own(ctx.actor!, bidId);
    const before = await tenders.biddingTerms(ctx.actor, found.tenderId);
    const party = (await parties.find(found.bidderPartyId))!;
    return db.transaction(async (t) => {
      const terms = { ...before, ...(await tenders.lockBidding(t, found.tenderId)) };
      const bid = (await this.models.Bid.findByPk(bidId, { transaction: t }))!;
      if (bid.status === 'withdrawn') {
        throw conflict('BID_ALREADY_WITHDRAWN', 'The bid is already withdrawn');
      }
      const now = clock.now();
      assertOpenForBids(terms, now, 'withdrawBid');
      const receipt = await withdrawalReceipt(
        signer,
        {
          tender: { id: terms.id, code: terms.code },
          section: terms.sections.find((s) => s.id === bid.sectionId)!,
          bidder: { partyId: party.id, name: party.name, uscc: party.uscc },
        },
        { bidId, bidVersion: bid.currentVersion, withdrawnAt: now },
      );
      await bid.update(
        { status: 'withdrawn', withdrawnAt: now, withdrawalReceipt: JSON.stringify(receipt) },
        { transaction: t },
      );
      const fact = { tenderId: bid.tenderId, sectionId: bid.sectionId, version: bid.currentVersion };
      await audit.append(t, ctx, { action: 'bid.withdraw', subject: `bid:${bidId}`, data: fact });
      await events.publishAfterCommit(t, ctx, 'bid.withdrawn', {
        bidId,
        bidderPartyId: bid.bidderPartyId,
        ...fact,
        at: now.toISOString(),
      });
      const version = await this.currentVersion(bid);
      return { ...toBidView(bid, version), withdrawalReceipt: receipt };
    });
  }

  private currentVersion(bid: Bid): Promise<BidVersion> {
    return this.reads.versionOf(bid);
  }

  /** Is there an upload under this key still within its 24 hours? */
  private async replayable(actor: Actor, key: string | null): Promise<boolean> {
    if (!key) return false;
    const prior = await this.models.BidVersion.findOne({
      where: { bidderPartyId: actor.partyId!, idempotencyKey: key },
      attributes: ['idempotencyExpiresAt'],
    });
    return prior !== null && prior.idempotencyExpiresAt! > this.deps.clock.now();
  }

  /**
   * Two uploads racing on one key (or one bidder's first upload to a section) collide on a unique index on
   * MySQL; the loser runs again and then sees the winner's row (a replay, or a replacement).
   */
  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (!(err instanceof UniqueConstraintError) || attempt >= 3) throw err;
      }
    }
  }
}
