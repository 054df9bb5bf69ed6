import { defineRoute, type AnyRoute } from '../../../platform/http/route.js';
import { evaluationIdParams, instructionBody, tenderIdParams, tenderInstructionsView } from './schemas.js';
import type { InstructionService } from './service.js';

/** Only oversight issues instructions; the parties read them (and everyone the public ones). */
const SUPERVISORS = ['supervisor'] as const;

export function instructionRoutes(instructions: InstructionService): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/supervision/tenders/:id/suspension',
      summary:
        'Suspend a tender (监督暂停) with a reason: every trading action is refused until resumed; audited',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: tenderIdParams,
      body: instructionBody,
      response: tenderInstructionsView,
      errors: { 404: 'NOT_FOUND', 409: 'TENDER_ALREADY_SUSPENDED', 422: 'VALIDATION_FAILED' },
      handler: ({ ctx, params, body }) => instructions.suspend(ctx, params.id, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/supervision/tenders/:id/resumption',
      summary: 'Resume a suspended tender with a reason; publishes the resumption notice; audited',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: tenderIdParams,
      body: instructionBody,
      response: tenderInstructionsView,
      errors: { 404: 'NOT_FOUND', 409: 'TENDER_NOT_SUSPENDED', 422: 'VALIDATION_FAILED' },
      handler: ({ ctx, params, body }) => instructions.resume(ctx, params.id, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/supervision/evaluations/:id/re-evaluation',
      summary:
        'Order the original committee to re-evaluate a concluded evaluation (责令重新评审): back to scoring, ' +
        'the superseded result kept in its log; audited',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: evaluationIdParams,
      body: instructionBody,
      response: tenderInstructionsView,
      errors: { 404: 'NOT_FOUND', 409: 'EVALUATION_NOT_CONCLUDED', 422: 'VALIDATION_FAILED' },
      handler: ({ ctx, params, body }) => instructions.reEvaluate(ctx, params.id, body.reason),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/instructions',
      summary:
        'The supervisory hold and instructions on a tender: suspensions and resumptions for all who see it, ' +
        'other instructions for the parties concerned',
      tags: ['supervision'],
      access: 'public',
      params: tenderIdParams,
      response: tenderInstructionsView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => instructions.forTender(actor, params.id),
    }),
  ];
}
