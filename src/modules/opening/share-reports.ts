import type { InferCreationAttributes } from 'sequelize';
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../crypto/canonical-json.js';
import { verifyPss } from '../../../crypto/signatures.js';
import {
  SHARE_REPORT_PURPOSE,
  shareReportBytes,
  wrappedShareDigest,
  type ShareReportStatement,
} from '../../../cli/custodian/report.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { conflict, unprocessable } from '../../platform/errors.js';
import type { OpeningRuntime } from './deps.js';
import type { OpeningModels, OpeningShareReport, ShareReportReason } from './models.js';
import type { KeyReleases } from './releases.js';
import { inWindows, type BidAtDeadline } from './snapshot.js';

export interface ShareReportInput {
  bidId: string;
  version: number;
  reason: ShareReportReason;
  signature: string;
}

/**
 * A custodian's signed reports that its wrapped share of a bid is unusable (docs/domain.md §3). The server
 * rebuilds each statement from its own facts (the frozen header, the wrapped share it hands out) and checks
 * the signature with the certificate frozen for the custodian's position at publication, so a report is the
 * custodian's own word on exactly that share, and can be checked offline from the opening record. Nothing
 * is stored unless every report in the request verifies. The settlement (settle.ts) weighs them.
 */
export class ShareReports {
  constructor(
    private readonly models: OpeningModels,
    private readonly deps: OpeningRuntime,
    private readonly releases: KeyReleases,
  ) {}

  async report(ctx: RequestContext, tenderId: string, reports: ShareReportInput[]) {
    const { position } = await this.releases.custodianAfterDeadline(ctx.actor!, tenderId);
    await this.deps.tenders.holds.assertNotHeld(tenderId);
    const tender = await this.deps.tenders.view(tenderId);
    const member = tender.custodians.members.find((m) => m.position === position);
    if (!member?.certificatePem || !member.certificateSerial)
      throw conflict('NO_CUSTODIAN_CERTIFICATE', 'No certificate was frozen for this position');
    const verified: { input: ShareReportInput; statement: string }[] = [];
    // Verified a window at a time: the headers of one window are read, only the statements are kept.
    for (const window of inWindows(reports)) {
      const byId = await this.releases.openableBidsNamed(
        tenderId,
        window.map((r) => r.bidId),
      );
      for (const r of window)
        verified.push(await this.verify(tenderId, position, member.certificatePem, byId.get(r.bidId), r));
    }
    const { db, audit, clock } = this.deps;
    return db.transaction(async (t) => {
      await this.releases.lockTender(t, tenderId);
      const recorded: string[] = [];
      for (const window of inWindows(verified)) {
        // The window's shares and reports already in, one read each; the new reports in one insert.
        const where = { tenderId, bidId: window.map((v) => v.input.bidId), position };
        const [shares, reports] = await Promise.all([
          this.models.OpeningShare.findAll({
            where,
            attributes: ['bidId', 'version', 'valid'],
            transaction: t,
          }),
          this.models.OpeningShareReport.findAll({ where, attributes: ['bidId', 'version'], transaction: t }),
        ]);
        const validShare = new Set(shares.filter((s) => s.valid).map((s) => `${s.bidId}:${s.version}`));
        const reported = new Set(reports.map((r) => `${r.bidId}:${r.version}`));
        const created: Omit<InferCreationAttributes<OpeningShareReport>, 'createdAt' | 'updatedAt'>[] = [];
        for (const { input, statement } of window) {
          const key = `${input.bidId}:${input.version}`;
          // A custodian that released the valid share of a bid cannot also say it could not make it.
          if (validShare.has(key))
            throw conflict('SHARE_ALREADY_RELEASED', `Bid ${input.bidId}: your valid share is already in`, {
              bidId: input.bidId,
            });
          recorded.push(input.bidId);
          if (reported.has(key)) continue; // the same report again changes nothing (the statement is the same)
          reported.add(key);
          created.push({
            id: randomUUID(),
            tenderId,
            bidId: input.bidId,
            version: input.version,
            position,
            reason: input.reason,
            statement,
            signature: input.signature,
            certificateSerial: member.certificateSerial!,
            reportedBy: ctx.actor!.userId,
            reportedAt: clock.now(),
          });
        }
        if (created.length > 0) await this.models.OpeningShareReport.bulkCreate(created, { transaction: t });
      }
      await audit.append(t, ctx, {
        action: 'opening.share-report',
        subject: `tender:${tenderId}`,
        data: { position, reports: verified.map((v) => ({ bidId: v.input.bidId, reason: v.input.reason })) },
      });
      return { recorded };
    });
  }

  /** Rebuilds the statement the custodian signed about this bid and checks the signature; throws if not. */
  private async verify(
    tenderId: string,
    position: number,
    certificatePem: string,
    bid: BidAtDeadline | undefined,
    r: ShareReportInput,
  ): Promise<{ input: ShareReportInput; statement: string }> {
    if (!bid || bid.version !== r.version)
      throw unprocessable('UNKNOWN_BID', `Bid ${r.bidId} version ${r.version} is not being opened here`);
    const entry = bid.header.custodians.shares.find((s) => s.position === position);
    // The one claim the server can check itself: whether the header carries a share for the position.
    if ((r.reason === 'NO_SHARE_FOR_POSITION') !== !entry)
      throw unprocessable('REPORT_CONTRADICTS_HEADER', `Bid ${r.bidId}: the header says otherwise`, {
        bidId: r.bidId,
      });
    const statement: ShareReportStatement = {
      purpose: SHARE_REPORT_PURPOSE,
      tenderId,
      bidId: bid.bidId,
      version: bid.version,
      position,
      headerSha256: bid.headerSha256,
      wrappedShareSha256: await wrappedShareDigest(
        entry && 'wrappedShare' in entry ? entry.wrappedShare : '',
      ),
      reason: r.reason,
    };
    if (!(await verifyPss(certificatePem, shareReportBytes(statement), r.signature)))
      throw unprocessable(
        'REPORT_SIGNATURE_INVALID',
        `Bid ${r.bidId}: the report is not signed with this custodian's key for the tender`,
        { bidId: r.bidId },
      );
    return { input: r, statement: canonicalJson(statement) };
  }
}
