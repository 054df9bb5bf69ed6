import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { col, fn, type Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import { assertMayManage } from '../tenders/index.js';
import type { Tender } from '../tenders/index.js';
import { maySeeDownloads, recordsDownloads } from './access.js';
import { assertDocumentsMayChange } from './change-rules.js';
import './events.js';
import type { DocumentModels, TenderDocument } from './models.js';
import type { DocumentList, DocumentVersion, DownloadReport } from './schemas.js';
import { documentTooLarge, stageDocument } from './staging.js';
import { toDocumentList, toDocumentVersion, toDownloadReport, type DownloadTally } from './views.js';
import type { PartiesPort, TendersPort } from './ports.js';

export interface DocumentDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  blobs: BlobStore;
  tenders: TendersPort;
  parties: PartiesPort;
  maxBytes: number;
}

export interface Upload {
  name: string;
  amendment?: number;
  contentType: string;
  /** The Content-Length the client announced, if any: an oversized upload is refused before it is read. */
  declaredLength: number | null;
  /** Opens the content; called only once the upload is allowed, so a refused upload is not read. */
  body: () => Readable;
}

/**
 * Tender documents (招标文件): the tenderee or its agency uploads them while the tender is a draft, and changes
 * a published tender's documents only together with an amendment (ZB Art.23); anyone downloads them free and
 * without registering (EB Art.20); who did stays secret until the bid deadline (EB Art.21).
 */
export class DocumentsService {
  constructor(
    private readonly models: DocumentModels,
    private readonly deps: DocumentDeps,
  ) {
    // A deleted draft takes its working documents with it, in the deletion's transaction. The blobs stay:
    // they are named by content and another document may hold the same bytes.
    deps.events.within('tender.draft-deleted', async (t, e) => {
      const where = { tenderId: e.tenderId };
      await this.models.DocumentDownload.destroy({ where, transaction: t });
      await this.models.TenderDocument.destroy({ where, transaction: t });
    });
  }

  /** Checks, streams the file into the store, then records the version; a failure leaves nothing behind. */
  async upload(ctx: RequestContext, tenderId: string, upload: Upload): Promise<DocumentVersion> {
    const { db, audit, events, tenders } = this.deps;
    // Refused before a byte is read, so nobody uploads 50 MiB to learn they may not.
    const before = await tenders.findVisible(ctx.actor, tenderId);
    assertMayManage(ctx.actor, before);
    await this.assertOpenForDocuments(before, upload.amendment);
    if (upload.declaredLength !== null && upload.declaredLength > this.deps.maxBytes) {
      throw documentTooLarge(this.deps.maxBytes);
    }
    const staged = await stageDocument(this.deps.blobs, upload.body(), this.deps.maxBytes);
    try {
      return await db.transaction(async (t) => {
        // Again under the tender's lock: the tender may have moved on while the file arrived.
        const tender = await tenders.lockManaged(t, ctx, tenderId);
        await this.assertOpenForDocuments(tender, upload.amendment, t);
        const row = await this.models.TenderDocument.create(
          {
            id: randomUUID(),
            tenderId,
            name: upload.name,
            version: await this.nextVersion(t, tenderId, upload.name),
            sha256: staged.sha256,
            size: staged.size,
            contentType: upload.contentType,
            amendmentNumber: upload.amendment ?? null,
            uploadedBy: ctx.actor!.userId,
          },
          { transaction: t },
        );
        const view = toDocumentVersion(row);
        const { id: documentId, name, version, sha256, size, amendment } = view;
        await audit.append(t, ctx, {
          action: 'document.upload',
          subject: `tender:${tenderId}`,
          data: { documentId, name, version, sha256, size, contentType: row.contentType, amendment },
        });
        await events.emit(t, ctx, 'tender.document-uploaded', {
          ...tenders.event(tender),
          ...{ documentId, name, version, sha256, size, amendment },
        });
        await staged.commit(); // durable under its name before the row that names it commits
        return view;
      });
    } finally {
      await staged.discard(); // nothing once committed; the staged copy when anything failed
    }
  }

  async list(actor: Actor | null, tenderId: string): Promise<DocumentList> {
    await this.deps.tenders.findVisible(actor, tenderId);
    return toDocumentList(await this.documentsOf(tenderId));
  }

  /**
   * Opens a document for download and records who obtained it (before a byte goes out, so the record is
   * complete). Drafts are open only to those who may see them, and fetching them is not recorded.
   */
  async obtain(
    ctx: RequestContext,
    documentId: string,
    opts: { record: boolean },
  ): Promise<{ document: TenderDocument; content: Readable }> {
    const document = await this.models.TenderDocument.findByPk(documentId);
    if (!document) throw notFound('Document');
    const tender = await this.deps.tenders.findVisible(ctx.actor, document.tenderId).catch((err: unknown) => {
      // A draft's documents do not exist for those who may not see the draft.
      throw err instanceof AppError && err.status === 404 ? notFound('Document') : err;
    });
    const content = await this.deps.blobs.open(document.sha256);
    if (opts.record && recordsDownloads(tender)) {
      await this.recordDownload(ctx, document).catch((err: unknown) => {
        content.destroy();
        throw err;
      });
    }
    return { document, content };
  }

  /** Who downloaded the documents and how many did: oversight always, the tenderee side after the deadline. */
  async downloads(actor: Actor | null, tenderId: string): Promise<DownloadReport> {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    if (!maySeeDownloads(actor, tender, this.deps.clock.now())) {
      throw forbidden('Who downloaded the tender documents stays secret until the bid deadline (EB Art.21)');
    }
    const [documents, rows] = await Promise.all([
      this.documentsOf(tenderId),
      this.models.DocumentDownload.findAll({
        attributes: ['documentId', 'partyId', [fn('COUNT', col('id')), 'count']],
        where: { tenderId },
        group: [col('document_id'), col('party_id')],
        raw: true,
      }) as unknown as Promise<(Omit<DownloadTally, 'count'> & { count: number | string })[]>,
    ]);
    const tallies = rows.map((r) => ({ ...r, count: Number(r.count) }));
    const partyIds = [...new Set(tallies.flatMap((r) => (r.partyId ? [r.partyId] : [])))];
    const parties = await Promise.all(partyIds.map((id) => this.deps.parties.find(id)));
    const names = new Map(parties.flatMap((p) => (p ? [[p.id, p.name] as const] : [])));
    return toDownloadReport(tenderId, documents, tallies, names);
  }

  /** The change rule, with the named amendment looked up (under the caller's lock when there is one). */
  private async assertOpenForDocuments(tender: Tender, number?: number, t?: Transaction) {
    await this.deps.tenders.holds.assertNotHeld(tender.id, t); // a supervisor's hold (监督暂停) comes first
    const issued = number !== undefined && (await this.deps.tenders.amendmentIssued(tender.id, number, t));
    assertDocumentsMayChange(tender, { number, issued }, this.deps.clock.now());
  }

  private async nextVersion(t: Transaction, tenderId: string, name: string): Promise<number> {
    const last = await this.models.TenderDocument.max('version', {
      where: { tenderId, name },
      transaction: t,
    });
    return (Number(last) || 0) + 1;
  }

  private documentsOf(tenderId: string): Promise<TenderDocument[]> {
    return this.models.TenderDocument.findAll({
      where: { tenderId },
      order: [
        ['createdAt', 'ASC'],
        ['name', 'ASC'],
        ['version', 'ASC'],
      ],
    });
  }

  private recordDownload(ctx: RequestContext, document: TenderDocument): Promise<unknown> {
    return this.deps.db.transaction(async (t) => {
      const partyId = ctx.actor?.partyId ?? null;
      await this.models.DocumentDownload.create(
        {
          id: randomUUID(),
          documentId: document.id,
          tenderId: document.tenderId,
          userId: ctx.actor?.userId ?? null,
          partyId,
          ip: ctx.ip,
          at: this.deps.clock.now(),
        },
        { transaction: t },
      );
      // Supervision's same-ip screen reads the address from the event's envelope.
      if (partyId) {
        await this.deps.events.publishAfterCommit(t, ctx, 'tender.document-downloaded', {
          tenderId: document.tenderId,
          documentId: document.id,
          partyId,
        });
      }
    });
  }
}
