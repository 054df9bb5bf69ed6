import express from 'express';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import type { CatalogService } from './catalog.js';
import { MAX_IMPORT_ROWS } from './import-parse.js';
import type { ExpertSanctions } from './sanctions.js';
import {
  conflictBody,
  conflictIdParams,
  expertDetail,
  expertIdParams,
  expertInput,
  expertUpdate,
  expertView,
  linkAccountBody,
  listExpertsQuery,
  ownProfileUpdate,
  sanctionBody,
  sanctionView,
  unavailableDaysBody,
} from './schemas.js';
import type { ExpertSelfService } from './self-service.js';
import type { ExpertsService } from './service.js';

const POOL_KEEPERS = ['admin'] as const;
const OVERSIGHT = ['admin', 'supervisor'] as const;

const problem = z.object({
  line: z.number(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
const importResult = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(problem),
  changes: z.array(
    z.object({
      line: z.number(),
      action: z.enum(['create', 'update', 'unchanged']),
      name: z.string(),
      idNumber: z.string(),
      fields: z.array(z.string()),
      expertId: z.string(),
    }),
  ),
});
const catalogEntry = z.object({
  code: z.string(),
  level: z.number(),
  category: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
});

const importBody = z.union([z.string(), z.array(z.unknown())]);
const importSource = (body: z.infer<typeof importBody>) =>
  typeof body === 'string' ? { format: 'csv' as const, text: body } : { format: 'json' as const, body };

export interface PoolServices {
  experts: ExpertsService;
  self: ExpertSelfService;
  sanctions: ExpertSanctions;
  catalog: CatalogService;
}

/** The pool's routes: catalog, import and search for admins, sanctions, and the expert's own profile. */
export function expertRoutes(s: PoolServices, limits: { importMaxKb: number }): AnyRoute[] {
  // CSV arrives as the body itself (text/csv), above the JSON body limit: a province's pool is megabytes.
  const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: `${limits.importMaxKb}kb` });
  return [
    defineRoute({
      method: 'get',
      path: '/expert-catalog',
      summary: 'The expert classification catalog (评标专家专业分类): codes, levels, names, parents',
      tags: ['experts'],
      access: 'public',
      response: z.object({ items: z.array(catalogEntry) }),
      handler: async () => ({ items: (await s.catalog.current()).entries() }),
    }),
    defineRoute({
      method: 'put',
      path: '/expert-catalog',
      summary:
        'Replace the catalog with a CSV file (text/csv body, header code,level,name or ' +
        'code,name,parent,level); all or nothing, line-numbered problems in a 422; refused when experts ' +
        'hold codes it lacks',
      tags: ['experts'],
      access: POOL_KEEPERS,
      middleware: [csvBody],
      body: z.string().min(1),
      response: z.object({ entries: z.number() }),
      errors: {
        409: 'CATALOG_CODES_IN_USE',
        413: 'PAYLOAD_TOO_LARGE',
        422: 'CATALOG_INVALID (details: {line,message}[])',
      },
      handler: ({ ctx, body }) => s.catalog.import(ctx, body),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-imports',
      summary:
        'Import experts: a CSV file (text/csv; columns name,idNumber,employerUscc,employerName,regionCode,title,' +
        'yearsOfPractice,specialties,phone; specialties split by ;) or a JSON array of the same fields. All or ' +
        `nothing (422 IMPORT_INVALID listing every problem), idempotent by ID number; at most ${MAX_IMPORT_ROWS} ` +
        'rows. Problem lines are CSV lines (header = 1) or JSON positions',
      tags: ['experts'],
      access: POOL_KEEPERS,
      middleware: [csvBody],
      body: importBody,
      response: importResult,
      errors: {
        409: 'IMPORT_CONCURRENT',
        413: 'PAYLOAD_TOO_LARGE',
        422: 'IMPORT_INVALID (details: problems)',
      },
      handler: ({ ctx, body }) => s.experts.import(ctx, importSource(body), false),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-imports/preview',
      summary:
        'Preview an import (same body): every problem and what would be created or updated; nothing is written',
      tags: ['experts'],
      access: POOL_KEEPERS,
      readOnly: true,
      middleware: [csvBody],
      body: importBody,
      response: importResult,
      errors: { 413: 'PAYLOAD_TOO_LARGE' },
      handler: ({ ctx, body }) => s.experts.import(ctx, importSource(body), true),
    }),
    defineRoute({
      method: 'post',
      path: '/experts',
      summary: 'Add one expert to the pool',
      tags: ['experts'],
      access: POOL_KEEPERS,
      body: expertInput,
      status: 201,
      response: expertDetail,
      errors: { 409: 'EXPERT_EXISTS', 422: 'VALIDATION_FAILED' },
      handler: async ({ ctx, body, res }) => {
        const expert = await s.experts.create(ctx, body);
        res.location(`/api/v1/experts/${expert.id}`);
        return expert;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/experts',
      summary:
        'Search the pool: status, specialty (with sub-codes), region prefix, employer, name, credit; cursor pages',
      tags: ['experts'],
      access: OVERSIGHT,
      query: listExpertsQuery,
      response: z.object({ items: z.array(expertView), nextCursor: z.string().nullable() }),
      errors: { 422: 'VALIDATION_FAILED | INVALID_CURSOR' },
      handler: ({ actor, query }) => s.experts.list(actor!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/experts/me',
      summary: 'The calling expert’s own profile, unavailable days and declared conflicts',
      tags: ['experts'],
      access: ['expert'],
      response: expertDetail,
      errors: { 404: 'NOT_FOUND (account not linked to an expert)' },
      handler: ({ actor }) => s.self.profile(actor!),
    }),
    defineRoute({
      method: 'patch',
      path: '/experts/me',
      summary: 'Change one’s own phone or title (employer and specialties are changed by the pool’s admins)',
      tags: ['experts'],
      access: ['expert'],
      body: ownProfileUpdate,
      response: expertDetail,
      handler: ({ ctx, body }) => s.self.updateProfile(ctx, body),
    }),
    defineRoute({
      method: 'put',
      path: '/experts/me/unavailable-days',
      summary: 'Replace one’s future unavailable days (YYYY-MM-DD, today or later)',
      tags: ['experts'],
      access: ['expert'],
      body: unavailableDaysBody,
      response: expertDetail,
      errors: { 422: 'VALIDATION_FAILED | DAY_IN_PAST' },
      handler: ({ ctx, body }) => s.self.setUnavailableDays(ctx, body.days),
    }),
    defineRoute({
      method: 'post',
      path: '/experts/me/conflicts',
      summary: 'Declare a relation to a party (回避申报) by its USCC',
      tags: ['experts'],
      access: ['expert'],
      body: conflictBody,
      status: 201,
      response: expertDetail,
      errors: { 409: 'CONFLICT_DECLARED' },
      handler: ({ ctx, body }) => s.self.declareConflict(ctx, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/experts/me/conflicts/:conflictId',
      summary: 'Withdraw one of one’s declared conflicts',
      tags: ['experts'],
      access: ['expert'],
      params: conflictIdParams,
      response: expertDetail,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ ctx, params }) => s.self.withdrawConflict(ctx, params.conflictId),
    }),
    defineRoute({
      method: 'get',
      path: '/experts/:id',
      summary:
        'One expert with unavailable days and conflicts (ID number masked; phone masked for supervisors)',
      tags: ['experts'],
      access: OVERSIGHT,
      params: expertIdParams,
      response: expertDetail,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => s.experts.view(actor, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/experts/:id',
      summary: 'Change an expert’s fields (not the ID number, status or credit)',
      tags: ['experts'],
      access: POOL_KEEPERS,
      params: expertIdParams,
      body: expertUpdate.refine((b) => Object.keys(b).length > 0, 'nothing to change'),
      response: expertDetail,
      errors: { 404: 'NOT_FOUND', 422: 'VALIDATION_FAILED | UNKNOWN_SPECIALTY' },
      handler: ({ ctx, params, body }) => s.experts.update(ctx, params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/experts/:id/account',
      summary: 'Link the user account (role expert) the expert logs in with; null unlinks',
      tags: ['experts'],
      access: POOL_KEEPERS,
      params: expertIdParams,
      body: linkAccountBody,
      response: expertDetail,
      errors: { 404: 'NOT_FOUND', 409: 'ACCOUNT_LINKED', 422: 'NOT_AN_EXPERT_ACCOUNT' },
      handler: ({ ctx, params, body }) => s.experts.linkAccount(ctx, params.id, body.userId),
    }),
    defineRoute({
      method: 'post',
      path: '/experts/:id/sanctions',
      summary: 'Suspend, remove or reinstate an expert with a reason; the decision is published as a notice',
      tags: ['experts'],
      access: OVERSIGHT,
      params: expertIdParams,
      body: sanctionBody,
      status: 201,
      response: sanctionView,
      errors: { 404: 'NOT_FOUND', 409: 'INVALID_SANCTION' },
      handler: ({ ctx, params, body }) => s.sanctions.decide(ctx, params.id, body.action, body.reason),
    }),
    defineRoute({
      method: 'get',
      path: '/expert-sanctions',
      summary: 'Published expert sanction notices (暂停/清退公告), newest first',
      tags: ['experts'],
      access: 'public',
      query: z.object({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(50),
      }),
      response: z.object({ items: z.array(sanctionView), nextCursor: z.string().nullable() }),
      handler: ({ query }) => s.sanctions.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/expert-sanctions/:id',
      summary: 'One sanction notice',
      tags: ['experts'],
      access: 'public',
      params: expertIdParams,
      response: sanctionView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ params }) => s.sanctions.get(params.id),
    }),
  ];
}
