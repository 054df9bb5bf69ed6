import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { z } from 'zod';
import type { Role } from '../../platform/auth/roles.js';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import type { OpenedBids } from './opened-bids.js';
import type { OpeningReads } from './reads.js';
import type { KeyReleases } from './releases.js';
import type { ShareReports } from './share-reports.js';
import {
  bidIdParams,
  contentKeyBody,
  releaseResult,
  shareReportsBody,
  shareReportsResult,
  sharesBody,
  tenderIdParams,
  wrappedShares,
} from './schemas.js';

const NOT_STARTED = 'OPENING_NOT_STARTED (before the opening time, to the millisecond)';

/** Who reads opened bids: its bidder, supervisors, committee members (experts and tenderee representatives). */
const READERS: Role[] = ['bidder', 'supervisor', 'expert', 'tenderee'];

/** The attachment's position in the manifest, from 0; one past the end is a 404 like an unknown bid. */
const attachmentParams = bidIdParams.extend({
  index: z
    .string()
    .regex(/^\d{1,6}$/, 'an attachment number, from 0')
    .transform(Number),
});

/** Streams a decrypted body; a failure midway (a tag that does not check) cuts the response. */
function pipeTo(stream: Readable, res: Response): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    res.once('finish', resolve);
    res.once('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

export function openingRoutes(
  releases: KeyReleases,
  reads: OpeningReads,
  opened: OpenedBids,
  reports: ShareReports,
): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/openings/custodian',
      summary: 'Tenders the caller keeps a key share for, with the opening time and whether it has released',
      tags: ['opening'],
      access: ['custodian'],
      handler: async ({ actor }) => ({ items: await releases.custodianTenders(actor!) }),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/opening/wrapped-shares',
      summary:
        "The caller's own wrapped share of every bid being opened, to unwrap locally (after the deadline)",
      tags: ['opening'],
      access: ['custodian'],
      params: tenderIdParams,
      response: wrappedShares,
      errors: {
        403: 'FORBIDDEN (not a custodian of this tender)',
        404: 'NOT_FOUND',
        409: `${NOT_STARTED} | OPENING_COMPLETE | TENDER_NOT_OPENING`,
      },
      handler: ({ actor, params }) => releases.wrappedShares(actor!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/opening/shares',
      summary:
        "Release the caller's unwrapped shares (its own position only). Each is checked against the bid's " +
        'shareCheck: a wrong one is recorded against this custodian. Sending the same share again changes nothing',
      tags: ['opening'],
      access: ['custodian'],
      params: tenderIdParams,
      body: sharesBody,
      response: releaseResult,
      errors: {
        403: 'FORBIDDEN',
        404: 'NOT_FOUND',
        409: `${NOT_STARTED} | OPENING_COMPLETE | TENDER_NOT_OPENING`,
        422: 'UNKNOWN_BID',
      },
      handler: ({ ctx, params, body }) => releases.releaseShares(ctx, params.id, body.shares),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/opening/share-reports',
      summary:
        "Report, signed with the custodian's key, wrapped shares of its position that do not unwrap or fail " +
        "the bidder's check (or are missing): the evidence that such a bid is the bidder's fault. All or nothing",
      tags: ['opening'],
      access: ['custodian'],
      params: tenderIdParams,
      body: shareReportsBody,
      response: shareReportsResult,
      errors: {
        403: 'FORBIDDEN',
        404: 'NOT_FOUND',
        409: `${NOT_STARTED} | OPENING_COMPLETE | TENDER_NOT_OPENING | SHARE_ALREADY_RELEASED`,
        422: 'UNKNOWN_BID | REPORT_SIGNATURE_INVALID | REPORT_CONTRADICTS_HEADER',
      },
      handler: ({ ctx, params, body }) => reports.report(ctx, params.id, body.reports),
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId/bidder-wrap',
      summary:
        "The bid's content key wrapped to the bidder's own certificate, for the bidder-decrypts path (EB Art.30)",
      tags: ['opening'],
      access: ['bidder'],
      params: bidIdParams,
      errors: { 404: 'NOT_FOUND (not your bid)', 409: `${NOT_STARTED} | BID_NOT_OPENED` },
      handler: ({ actor, params }) => releases.bidderWrap(actor!, params.bidId),
    }),
    defineRoute({
      method: 'post',
      path: '/bids/:bidId/content-key',
      summary:
        "Send the bid's content key, unwrapped on the bidder's machine (after the deadline); checked by keyCheck",
      tags: ['opening'],
      access: ['bidder'],
      params: bidIdParams,
      body: contentKeyBody,
      errors: { 404: 'NOT_FOUND (not your bid)', 409: `${NOT_STARTED} | BID_NOT_OPENED` },
      handler: ({ ctx, params, body }) => releases.submitBidderKey(ctx, params.bidId, body.key),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/opening',
      summary:
        "The opening as it stands: sections and each bid's outcome as it settles (never a price). Bidders " +
        'and bid ids only once the section record is out, except to supervisors and a bidder for its own bid',
      tags: ['opening'],
      access: 'public',
      params: tenderIdParams,
      handler: ({ actor, params }) => reads.view(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/opening/record',
      summary:
        'The signed opening records (开标记录) published so far, one per section, with the signing certificate',
      tags: ['opening'],
      access: 'public',
      params: tenderIdParams,
      errors: { 404: 'NOT_FOUND (none published yet)' },
      handler: ({ actor, params }) => reads.records(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId/opened',
      summary:
        'A decrypted bid form: its own bidder, supervisors and the members of a running evaluation of the ' +
        'tender, once its record is out; every read but the bidder’s own is audited',
      tags: ['opening'],
      access: READERS,
      params: bidIdParams,
      errors: { 404: 'NOT_FOUND', 409: 'OPENING_NOT_SETTLED' },
      handler: ({ ctx, params }) => opened.form(ctx, params.bidId),
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId/opened/package',
      summary: 'The decrypted bid package (form and attachments), streamed; same readers as the form',
      tags: ['opening'],
      access: READERS,
      params: bidIdParams,
      errors: { 404: 'NOT_FOUND', 409: 'OPENING_NOT_SETTLED' },
      handler: async ({ ctx, params, res }) => {
        const { stream, size } = await opened.package(ctx, params.bidId);
        res.setHeader('Content-Type', 'application/vnd.yangguang.bid-package');
        res.setHeader('Content-Length', String(size));
        res.setHeader('Cache-Control', 'private, no-store');
        await pipeTo(stream, res);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId/opened/attachments/:index',
      summary:
        'Attachment #index (from 0, in manifest order) of the decrypted package, streamed: a PDF inline, ' +
        'anything else as a download (application/octet-stream); same readers as the form',
      tags: ['opening'],
      access: READERS,
      params: attachmentParams,
      errors: {
        404: 'NOT_FOUND (also an index past the end)',
        409: 'OPENING_NOT_SETTLED',
        422: 'VALIDATION_FAILED',
      },
      handler: async ({ ctx, params, res }) => {
        const { stream, headers } = await opened.attachment(ctx, params.bidId, params.index);
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        await pipeTo(stream, res);
      },
    }),
  ];
}
