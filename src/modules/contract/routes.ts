import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import {
  acceptBody,
  changeBody,
  depositBody,
  milestoneBody,
  myContractSchema,
  paymentBody,
  refusalBody,
  sectionContractSchema,
  sectionParams,
  signBody,
  tenderParams,
  terminateBody,
} from './schemas.js';
import type { ContractService } from './service.js';

const RUNNERS = ['tenderee', 'agency'] as const;
const HELD = 'TENDER_SUSPENDED';

/** A POST on a section's contract by the tender's runners, answering the section's contract. */
function step<B extends z.ZodType>(
  path: string,
  summary: string,
  body: B,
  errors: Record<number, string>,
  handler: (input: {
    ctx: Parameters<ContractService['sign']>[0];
    params: z.infer<typeof sectionParams>;
    body: z.output<B>;
  }) => Promise<unknown>,
): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/tenders/:id/sections/:sectionId/${path}`,
    summary,
    tags: ['contract'],
    access: RUNNERS,
    params: sectionParams,
    body,
    status: 201,
    errors,
    handler: ({ ctx, params, body }) => handler({ ctx, params, body: body as z.output<B> }),
  });
}

export function contractRoutes(contracts: ContractService): AnyRoute[] {
  const perf = `${HELD} | TENDER_NOT_IN_PERFORMANCE | CONTRACT_NOT_SIGNED | CONTRACT_ENDED`;
  return [
    defineRoute({
      method: 'get',
      path: '/tenders/:id/contracts',
      summary:
        "Each section's award limits, refusal and contract (public as its 合同公告; deposits and performance for the runners, supervisors and the supplier)",
      tags: ['contract'],
      access: 'public',
      params: tenderParams,
      response: z.object({ sections: z.array(sectionContractSchema) }),
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ actor, params }) => ({ sections: await contracts.overview(actor, params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/contracts/mine',
      summary: "The caller's party's contracts as supplier, with deposits and performance",
      tags: ['contract'],
      access: 'authenticated',
      response: z.object({ items: z.array(myContractSchema) }),
      handler: async ({ actor }) => ({ items: await contracts.mine(actor!) }),
    }),
    step(
      'contract',
      'Record the signed contract (ZB Art.46): the winner, at the awarded price; late after 30 days is flagged',
      signBody,
      {
        409: `${HELD} | TENDER_NOT_AWARDED | SECTION_NOT_AWARDED | CONTRACT_EXISTS | CONTRACT_REFUSED`,
        422: 'RULE_VIOLATION (CONTRACT_PRICE_DIFFERS | CONTRACT_SUPPLIER_DIFFERS | CONTRACT_PERIOD_INVALID | SIGNED_BEFORE_AWARD | SIGNED_IN_FUTURE)',
      },
      ({ ctx, params, body }) => contracts.sign(ctx, params.id, params.sectionId, body),
    ),
    step(
      'contract-refusal',
      'Record that the winner refused to sign (SS Art.74)',
      refusalBody,
      { 409: `${HELD} | TENDER_NOT_AWARDED | SECTION_NOT_AWARDED | CONTRACT_EXISTS | CONTRACT_REFUSED` },
      ({ ctx, params, body }) => contracts.refuse(ctx, params.id, params.sectionId, body.reason),
    ),
    step(
      'deposit-returns',
      "Record one bidder's deposit returned (SS Art.57: within 5 days of the contract)",
      depositBody,
      {
        409: `${HELD} | TENDER_NOT_CONTRACTED | CONTRACT_NOT_SIGNED | DEPOSIT_ALREADY_RETURNED`,
        422: 'RULE_VIOLATION (DEPOSIT_BIDDER_UNKNOWN | DEPOSIT_AMOUNT_EXCEEDS | DEPOSIT_RETURN_DATE_INVALID)',
      },
      ({ ctx, params, body }) => contracts.recordDepositReturn(ctx, params.id, params.sectionId, body),
    ),
    step(
      'milestones',
      'Record a performance milestone (履约节点)',
      milestoneBody,
      { 409: perf },
      ({ ctx, params, body }) => contracts.recordMilestone(ctx, params.id, params.sectionId, body),
    ),
    step(
      'payments',
      'Record a payment; the payments may not exceed the contract amount with its changes',
      paymentBody,
      { 409: perf, 422: 'RULE_VIOLATION (PAYMENT_EXCEEDS_CONTRACT)' },
      ({ ctx, params, body }) => contracts.recordPayment(ctx, params.id, params.sectionId, body),
    ),
    step(
      'changes',
      'Record a contract change (合同变更) with its reason and amount change',
      changeBody,
      { 409: perf, 422: 'RULE_VIOLATION (CHANGE_BELOW_PAID)' },
      ({ ctx, params, body }) => contracts.recordChange(ctx, params.id, params.sectionId, body),
    ),
    step(
      'acceptance',
      'Record completion and acceptance (验收), on time against the due date; ends the contract',
      acceptBody,
      { 409: perf, 422: 'RULE_VIOLATION (ACCEPTANCE_DATE_INVALID)' },
      ({ ctx, params, body }) => contracts.accept(ctx, params.id, params.sectionId, body),
    ),
    step(
      'termination',
      'Record the termination with its reason and fault; ends the contract',
      terminateBody,
      { 409: perf },
      ({ ctx, params, body }) => contracts.terminate(ctx, params.id, params.sectionId, body),
    ),
  ];
}
