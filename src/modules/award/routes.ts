import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { objectionSchema } from '../tenders/index.js';
import { LETTER_TITLES, payloadOf } from './letters.js';
import {
  awardBody,
  awardSchema,
  letterParams,
  letterSchema,
  objectionBody,
  publicityBody,
  sectionParams,
  sectionStateSchema,
  signedLetterSchema,
  tenderParams,
} from './schemas.js';
import type { AwardService } from './service.js';

const RUNNERS = ['tenderee', 'agency'] as const;

/** RFC 6266 attachment header with a UTF-8 name (the letters have Chinese titles). */
const attachment = (name: string) =>
  `attachment; filename="letter.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function awardRoutes(award: AwardService, certificatePem: string): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/tenders/:id/award',
      summary:
        "Each section's report candidates, publicity, open objections and award (candidates public from the publicity on)",
      tags: ['award'],
      access: 'public',
      params: tenderParams,
      response: z.object({ sections: z.array(sectionStateSchema) }),
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ actor, params }) => ({ sections: await award.overview(actor, params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/sections/:sectionId/publicity',
      summary:
        "Publish a section's candidates (中标候选人公示): within 3 days of the report, for at least 3 days (SS Art.54)",
      tags: ['award'],
      access: RUNNERS,
      params: sectionParams,
      body: publicityBody,
      status: 201,
      response: sectionStateSchema,
      errors: {
        409: 'TENDER_SUSPENDED | TENDER_NOT_EVALUATED | REPORT_NOT_COMPLETED | PUBLICITY_EXISTS',
        422: 'RULE_VIOLATION (PUBLICITY_TOO_LATE | PUBLICITY_START_PAST | PUBLICITY_TOO_SHORT | PUBLICITY_TOO_LONG)',
      },
      handler: ({ ctx, params, body }) => award.publishCandidates(ctx, params.id, params.sectionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/sections/:sectionId/candidate-objections',
      summary:
        "Object to a section's candidates during their publicity; holds the award until answered (SS Art.54)",
      tags: ['award'],
      access: ['bidder'],
      params: sectionParams,
      body: objectionBody,
      status: 201,
      response: objectionSchema,
      errors: {
        409: 'PARTY_NOT_VERIFIED | PUBLICITY_NOT_PUBLISHED | TENDER_NOT_IN_PUBLICITY | TENDER_SUSPENDED',
        422: 'RULE_VIOLATION (PUBLICITY_NOT_STARTED | PUBLICITY_ENDED)',
      },
      handler: ({ ctx, params, body }) =>
        award.objectToCandidates(ctx, params.id, params.sectionId, body.content),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/sections/:sectionId/award',
      summary:
        "Confirm a section's winner (定标) after its publicity, candidates in rank order (SS Art.55); letters and notice",
      tags: ['award'],
      access: RUNNERS,
      params: sectionParams,
      body: awardBody,
      status: 201,
      response: awardSchema,
      errors: {
        409: 'TENDER_SUSPENDED | TENDER_NOT_IN_PUBLICITY | PUBLICITY_NOT_PUBLISHED | PUBLICITY_NOT_ENDED | OBJECTION_OPEN | ALREADY_AWARDED',
        422: 'CANDIDATE_UNKNOWN | CANDIDATE_OUT_OF_ORDER | GROUND_REASON_REQUIRED',
      },
      handler: ({ ctx, params, body }) => award.confirm(ctx, params.id, params.sectionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/sections/:sectionId/award-next',
      summary:
        'Award the next candidate in rank order after the winner refused to sign (SS Art.55, 74); new letters and notice',
      tags: ['award'],
      access: RUNNERS,
      params: sectionParams,
      status: 201,
      response: awardSchema,
      errors: {
        409: 'TENDER_SUSPENDED | TENDER_NOT_AWARDED | SECTION_NOT_AWARDED | REFUSAL_NOT_RECORDED | NO_CANDIDATE_LEFT',
      },
      handler: ({ ctx, params }) => award.awardNext(ctx, params.id, params.sectionId),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/award-letters',
      summary: "Award letters: a bidder's own party's, all for the tender's runners and supervisors",
      tags: ['award'],
      access: ['tenderee', 'agency', 'bidder', 'supervisor'],
      params: tenderParams,
      response: z.object({ items: z.array(letterSchema) }),
      handler: async ({ actor, params }) => ({ items: await award.letters(actor!, params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/award-letters/:letterId',
      summary:
        'A letter as the platform signed it (canonical JSON, RSA-PSS signature, certificate) for offline checks',
      tags: ['award'],
      access: ['tenderee', 'agency', 'bidder', 'supervisor'],
      params: letterParams,
      response: signedLetterSchema,
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ actor, params }) => {
        const letter = await award.letter(actor!, params.letterId);
        return { id: letter.id, payload: letter.payload, signature: letter.signature, certificatePem };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/award-letters/:letterId/pdf',
      summary:
        'A letter (中标通知书 / 中标结果通知书) as a PDF: its addressee, the tender’s runners, supervisors',
      tags: ['award'],
      access: ['tenderee', 'agency', 'bidder', 'supervisor'],
      params: letterParams,
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ ctx, params, res }) => {
        const { letter, pdf } = await award.letterPdf(ctx, params.letterId);
        const p = payloadOf(letter);
        res.status(200);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Length', String(pdf.length));
        res.setHeader(
          'Content-Disposition',
          attachment(`${LETTER_TITLES[letter.kind]}-${p.tender.code}.pdf`),
        );
        res.setHeader('Cache-Control', 'private, no-store');
        res.end(pdf);
      },
    }),
  ];
}
