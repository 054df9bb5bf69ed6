import type { Readable } from 'node:stream';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { conflict, notFound } from '../../platform/errors.js';
import { attachmentHeaders, packageAttachment, type ManifestAttachment } from './attachments.js';
import { decryptedPackage } from './decrypt.js';
import type { OpeningRuntime } from './deps.js';
import { vaultContext } from './key-vault.js';
import type { OpeningBid, OpeningModels } from './models.js';

/** Whether this actor sits on the committee evaluating the tender now (the evaluation module answers). */
export type CommitteeCheck = (actor: Actor, tenderId: string) => Promise<boolean>;

/** The roles a committee member can have: drawn experts and the tenderee's representatives. */
const COMMITTEE_ROLES: readonly string[] = ['expert', 'tenderee'];

type Reader = 'bidder' | 'supervisor' | 'committee';
interface Read {
  bid: OpeningBid;
  reader: Reader;
}
type Part = { part: 'form' } | { part: 'package' } | { part: 'attachment'; index: number };

/**
 * The decrypted bids (EB Art.40: the committee reviews them; docs/domain.md §5). Each is read by its own
 * bidder, by supervisors, and by the members of a running evaluation of its tender, asked of the evaluation
 * module per bid (the check is set once that module is built, after this one). Nothing decrypted is stored:
 * the package is decrypted again for each read. Every read by someone other than the bidder is audited, in
 * a transaction of its own that commits before a byte goes out.
 */
export class OpenedBids {
  private isCommitteeMember: CommitteeCheck | undefined;

  constructor(
    private readonly models: OpeningModels,
    private readonly deps: OpeningRuntime,
  ) {
    this.isCommitteeMember = deps.isCommitteeMember;
  }

  setCommitteeCheck(check: CommitteeCheck): void {
    this.isCommitteeMember = check;
  }

  async form(ctx: RequestContext, bidId: string) {
    const read = await this.bid(ctx.actor!, bidId);
    await this.audit(ctx, read, { part: 'form' });
    return formOf(read.bid);
  }

  /** The package decrypted on demand with the bid's sealed content key. */
  async package(ctx: RequestContext, bidId: string): Promise<{ stream: Readable; size: number }> {
    const read = await this.bid(ctx.actor!, bidId);
    const { bid } = read;
    if (!bid.sealedKey) throw notFound('Decrypted bid package');
    await this.audit(ctx, read, { part: 'package' });
    return { stream: this.decrypted(bid, bid.sealedKey), size: bid.packageSize ?? 0 };
  }

  /**
   * The form and the package in one read, audited once as a read of the package (which holds the form): the
   * supervision screens read every opened bid of a section so, and a second lookup and audit row per bid
   * bought nothing.
   */
  async formAndPackage(ctx: RequestContext, bidId: string) {
    const read = await this.bid(ctx.actor!, bidId);
    const { bid } = read;
    if (!bid.sealedKey) throw notFound('Decrypted bid package');
    await this.audit(ctx, read, { part: 'package' });
    return { ...formOf(bid), stream: this.decrypted(bid, bid.sealedKey) };
  }

  /** Attachment #index of the package, streamed with the headers it is served with; 404 for a bad index. */
  async attachment(ctx: RequestContext, bidId: string, index: number) {
    const read = await this.bid(ctx.actor!, bidId);
    const { bid } = read;
    const attachment = Number.isSafeInteger(index) ? attachmentsOf(bid)[index] : undefined;
    if (!attachment || !bid.sealedKey) throw notFound('Attachment');
    await this.audit(ctx, read, { part: 'attachment', index });
    const stream = packageAttachment(this.decrypted(bid, bid.sealedKey), index, attachment.size);
    return { stream, headers: attachmentHeaders(attachment) };
  }

  /** Decrypts lazily: the key is opened now and wiped when the stream ends (decrypt.ts). */
  private decrypted(bid: OpeningBid, sealedKey: string): Readable {
    const key = this.deps.vault.open(vaultContext.contentKey(bid.bidId, bid.version), sealedKey);
    const source = { ciphertextSha256: bid.ciphertextSha256, headerJson: bid.header };
    return decryptedPackage((sha) => this.deps.bids.openSealed(sha), source, key);
  }

  /** The bid if this actor may read it, else 404 (nobody learns what they may not read exists). */
  private async bid(actor: Actor, bidId: string): Promise<Read> {
    const bid = await this.models.OpeningBid.findByPk(bidId);
    const reader = bid && (await this.readerOf(actor, bid));
    if (!bid || !reader) throw notFound('Opened bid');
    const section = await this.models.OpeningSection.findOne({
      where: { tenderId: bid.tenderId, sectionId: bid.sectionId },
    });
    if (section?.status !== 'published') {
      throw conflict('OPENING_NOT_SETTLED', 'Bids are readable once every bid of the section is settled');
    }
    return { bid, reader };
  }

  private async readerOf(actor: Actor, bid: OpeningBid): Promise<Reader | null> {
    if (actor.role === 'bidder' && actor.partyId === bid.bidderPartyId) return 'bidder';
    if (actor.role === 'supervisor') return 'supervisor';
    const check = this.isCommitteeMember;
    if (check && COMMITTEE_ROLES.includes(actor.role) && (await check(actor, bid.tenderId)))
      return 'committee';
    return null;
  }

  /** The bidder reading its own bid is not recorded; everyone else's read is, before it happens. */
  private async audit(ctx: RequestContext, { bid, reader }: Read, part: Part) {
    if (reader === 'bidder') return;
    await this.deps.db.transaction((t) =>
      this.deps.audit.append(t, ctx, {
        action: 'opened-bid.read',
        subject: `bid:${bid.bidId}`,
        data: { reader, tenderId: bid.tenderId, sectionId: bid.sectionId, ...part },
      }),
    );
  }
}

const formOf = (bid: OpeningBid) => ({
  bidId: bid.bidId,
  tenderId: bid.tenderId,
  sectionId: bid.sectionId,
  version: bid.version,
  outcome: bid.outcome!,
  reason: bid.reason,
  detail: bid.detail,
  keySource: bid.keySource,
  form: bid.form ? (JSON.parse(bid.form) as Record<string, string | number>) : null,
  attachments: attachmentsOf(bid),
  packageSha256: bid.packageSha256,
  packageSize: bid.packageSize,
});

export const attachmentsOf = (bid: OpeningBid): ManifestAttachment[] =>
  bid.attachments ? (JSON.parse(bid.attachments) as ManifestAttachment[]) : [];
