import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { withRequestBody } from '../../platform/http/request-body.js';
import { sendSealedFile, submissionHeaders } from './http.js';
import {
  bidIdParams,
  bidView,
  myBids,
  sectionBidParams,
  submission,
  supervisedBids,
  tenderIdParams,
  withdrawal,
} from './schemas.js';
import type { BidsService } from './service.js';

const bidUrl = (id: string) => `/api/v1/bids/${id}`;

export function bidRoutes(bids: BidsService): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/tenders/:tenderId/sections/:sectionId/bids',
      summary:
        'Submit, or replace before the deadline, a sealed bid (EB Art.26-27): the body is the sealed file ' +
        'itself (application/vnd.yangguang.sealed-bid), streamed. Idempotency-Key makes a retry safe; ' +
        'X-Client-Device and X-Deposit-Account (base64url JSON) are recorded for supervision. 201 with the ' +
        'receipt (确认回执) signed by the platform key',
      tags: ['bids'],
      access: ['bidder'],
      params: sectionBidParams,
      status: 201,
      response: submission,
      errors: {
        400: 'UPLOAD_INCOMPLETE',
        404: 'NOT_FOUND',
        409: 'BID_DEADLINE_PASSED | TENDER_NOT_OPEN | IDEMPOTENCY_KEY_REUSED',
        413: 'BID_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE',
        422:
          'VALIDATION_FAILED | BID_NOT_SEALED | BID_MALFORMED | BID_EMPTY | BID_WRONG_TENDER | ' +
          'BID_WRONG_BIDDER | BID_CERTIFICATE_INVALID | BID_SIGNATURE_INVALID | BID_CUSTODIANS_MISMATCH | ' +
          'BID_THRESHOLD_MISMATCH',
      },
      handler: async ({ ctx, params, req, res }) => {
        const headers = submissionHeaders(req);
        const { submission: answer } = await withRequestBody(req, (open) =>
          bids.submit(ctx, params.tenderId, params.sectionId, { headers, body: open }),
        );
        res.location(bidUrl(answer.bid.id));
        return answer;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId',
      summary: 'Your own bid: status, the version that counts, its digest and size (never any content)',
      tags: ['bids'],
      access: ['bidder'],
      params: bidIdParams,
      response: bidView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => bids.reads.view(actor!, params.bidId),
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId/receipt',
      summary: "Your own bid's signed receipt for the version that counts, byte for byte as first sent",
      tags: ['bids'],
      access: ['bidder'],
      params: bidIdParams,
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ actor, params, res }) => {
        const receipt = await bids.reads.receipt(actor!, params.bidId);
        res.status(200).type('application/json').send(receipt);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bids/:bidId/ciphertext',
      summary: 'Your own sealed file back, as stored (ETag = its SHA-256); nobody else may fetch it',
      tags: ['bids'],
      access: ['bidder'],
      params: bidIdParams,
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ actor, params, req, res }) => {
        const { file, content } = await bids.reads.ciphertext(actor!, params.bidId);
        await sendSealedFile(req, res, file, content);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/my/bids',
      summary: "Your company's bids on every tender, newest first",
      tags: ['bids'],
      access: ['bidder'],
      response: myBids,
      handler: async ({ actor }) => ({ items: await bids.reads.mine(actor!) }),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:tenderId/bids',
      summary:
        'Who bid on a tender, with each upload’s address, user agent, device and deposit account: ' +
        'supervisors only; the number and names of bidders are secret before the opening (EB Art.21, 27)',
      tags: ['bids'],
      access: ['supervisor'],
      params: tenderIdParams,
      response: supervisedBids,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => bids.reads.supervised(actor!, params.tenderId),
    }),
    defineRoute({
      method: 'post',
      path: '/bids/:bidId/withdrawal',
      summary:
        'Withdraw your bid before the deadline (EB Art.27), with a withdrawal receipt signed by the ' +
        'platform key; it may be submitted again until the deadline',
      tags: ['bids'],
      access: ['bidder'],
      params: bidIdParams,
      response: withdrawal,
      errors: { 404: 'NOT_FOUND', 409: 'BID_DEADLINE_PASSED | TENDER_NOT_OPEN | BID_ALREADY_WITHDRAWN' },
      handler: ({ ctx, params }) => bids.withdraw(ctx, params.bidId),
    }),
  ];
}
