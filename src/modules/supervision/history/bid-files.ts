import { UniqueConstraintError } from 'sequelize';
import type { Database } from '../../../platform/db/database.js';
import type { Clock } from '../../../platform/clock.js';
import type { RequestContext } from '../../../platform/auth/roles.js';
import type { Logger } from '../../../platform/logger.js';
import { readAttachments } from '../attachments/extract.js';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../attachments/limits.js';
import { SCREENS_READER, type OpenedBidsPort, type OpeningReadsPort, type TendersPort } from '../ports.js';
import { personRoleOf, type BidFile, type PersonRole } from '../screens/index.js';
import type { ScreenHistoryModels } from './models.js';

/** Bids of one section read at the same time: enough to overlap waiting with work, few enough to bound memory. */
const READS_AT_ONCE = 4;

/** Runs `work` over `items` with at most `limit` running at once; resolves when all have settled. */
async function forEachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface BidFilesDeps {
  db: Database;
  clock: Clock;
  log?: Logger;
  opening: OpeningReadsPort;
  opened: OpenedBidsPort;
  tenders: TendersPort;
  limits?: Partial<AttachmentLimits>;
}

/** A person an opened bid's form names, in a field of an Art.40 role. */
export interface FormPerson {
  role: PersonRole;
  label: string;
  name: string;
}

export interface ReadBid {
  bidId: string;
  bidderPartyId: string;
  version: number;
  files: BidFile[];
  people: FormPerson[];
}

/**
 * Reads each opened bid of a section once, after its opening record is published: the attachments' hashes
 * and metadata (decrypted on demand by the opening, as a supervisor's audited read, streamed through memory)
 * and the Art.40 people its form names, kept in supervision_bid_files. Run from the screener's `prepare`,
 * outside the consumer's transaction (the opening audits each read in its own). A bid that cannot be read
 * is logged and left out of this screening (a replay of the stream reads it again); a file that cannot be
 * parsed is read as having no metadata.
 */
export class BidFiles {
  private readonly limits: AttachmentLimits;

  constructor(
    private readonly models: ScreenHistoryModels,
    private readonly deps: BidFilesDeps,
  ) {
    this.limits = { ...DEFAULT_ATTACHMENT_LIMITS, ...deps.limits };
  }

  async prepare(tenderId: string, sectionId: string, seq: number): Promise<void> {
    try {
      await this.readSection(tenderId, sectionId, seq);
    } catch (err) {
      // The consumer goes on with what was read: a malformed bid must not stop the screens of every tender.
      this.deps.log?.warn({ err, tenderId, sectionId }, 'supervision could not read a section’s opened bids');
    }
  }

  private async readSection(tenderId: string, sectionId: string, seq: number): Promise<void> {
    const [{ records }, tender, done] = await Promise.all([
      this.deps.opening.records(null, tenderId),
      this.deps.tenders.view(tenderId),
      this.models.ScreenedBid.findAll({ where: { tenderId, sectionId }, attributes: ['bidId'] }),
    ]);
    const record = records.find((r) => r.record.section.id === sectionId)?.record;
    if (!record) return;
    const seen = new Set(done.map((r) => r.bidId));
    const roles = tender.bidFormFields.flatMap((f) => {
      const role = personRoleOf(f);
      return role ? [{ key: f.key, label: f.label, role }] : [];
    });
    const ctx = { actor: SCREENS_READER, ip: 'system', requestId: `supervision:${seq}` };
    const toRead = record.bids.filter((bid) => bid.outcome === 'opened' && !seen.has(bid.bidId));
    // A few bids at a time: each read waits on its audit row, its decryption and its attachments' parsing in
    // turn, so reading them one after another left the machine idle most of the time.
    await forEachAtMost(READS_AT_ONCE, toRead, async (bid) => {
      try {
        await this.readBid(ctx, { tenderId, sectionId, bid, roles });
      } catch (err) {
        // Another node read it first; or the bid could not be read now (a replay reads it again).
        if (err instanceof UniqueConstraintError) return;
        this.deps.log?.warn({ err, bidId: bid.bidId }, 'supervision could not read an opened bid');
      }
    });
  }

  private async readBid(
    ctx: RequestContext,
    read: {
      tenderId: string;
      sectionId: string;
      bid: { bidId: string; bidder: { partyId: string } };
      roles: { key: string; label: string; role: PersonRole }[];
    },
  ): Promise<void> {
    const { tenderId, sectionId, bid, roles } = read;
    const opened = await this.deps.opened.formAndPackage(ctx, bid.bidId);
    const { files, problems } = await readAttachments(opened.stream, opened.attachments, this.limits);
    if (problems.length > 0) this.deps.log?.warn({ bidId: bid.bidId, problems }, 'bid attachments not read');
    const people = roles.flatMap(({ key, label, role }) => {
      const value = opened.form?.[key];
      return typeof value === 'string' && value.trim() ? [{ role, label, name: value.trim() }] : [];
    });
    await this.deps.db.transaction((t) =>
      this.models.ScreenedBid.create(
        {
          bidId: bid.bidId,
          tenderId,
          sectionId,
          bidderPartyId: bid.bidder.partyId,
          version: opened.version,
          files: JSON.stringify(files),
          people: JSON.stringify(people),
          problems: problems.length > 0 ? JSON.stringify(problems) : null,
          readAt: this.deps.clock.now(),
        },
        { transaction: t },
      ),
    );
  }

  /** The section's bids as read, in bid-id order. */
  async read(tenderId: string, sectionId: string): Promise<ReadBid[]> {
    const rows = await this.models.ScreenedBid.findAll({
      where: { tenderId, sectionId },
      order: [['bidId', 'ASC']],
    });
    return rows.map((r) => ({
      bidId: r.bidId,
      bidderPartyId: r.bidderPartyId,
      version: r.version,
      files: JSON.parse(r.files) as BidFile[],
      people: JSON.parse(r.people) as FormPerson[],
    }));
  }
}
