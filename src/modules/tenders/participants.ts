import type { Actor } from '../../platform/auth/roles.js';
import { conflict, forbidden, unprocessable } from '../../platform/errors.js';
import type { TenderInput } from './schemas.js';
import type { TenderDeps } from './service.js';

/** Custodians must name real users before a draft is stored (the rules then judge who they are). */
export async function assertCustodiansExist(deps: TenderDeps, input: TenderInput): Promise<void> {
  const users = await Promise.all(input.custodians.userIds.map((id) => deps.identity.findUser(id)));
  const unknown = users.flatMap((u, i) =>
    u ? [] : [{ path: `custodians.userIds.${i}`, message: 'no such user', code: 'UNKNOWN_USER' }],
  );
  if (unknown.length > 0) throw unprocessable('VALIDATION_FAILED', 'The request has invalid fields', unknown);
}

/** The tenderee and agency of a new or edited tender: real, verified parties of the right kinds. */
export async function resolveParties(deps: TenderDeps, actor: Actor, input: TenderInput) {
  const own = actor.partyId ? await deps.parties.find(actor.partyId) : null;
  if (!own || own.status !== 'verified')
    throw conflict('PARTY_NOT_VERIFIED', 'Your party must be verified first');
  const verifiedOfKind = async (id: string, kind: 'tenderee' | 'agency', code: string) => {
    const party = await deps.parties.find(id);
    if (!party || party.kind !== kind || party.status !== 'verified') {
      throw unprocessable(code, `The ${kind} must be a verified ${kind} party`, [
        {
          path: kind === 'tenderee' ? 'tendereePartyId' : 'agencyPartyId',
          message: `not a verified ${kind}`,
          code,
        },
      ]);
    }
    return party.id;
  };
  if (actor.role === 'agency') {
    if (!input.tendereePartyId) {
      throw unprocessable('TENDEREE_REQUIRED', 'An agency names the tenderee it acts for', [
        { path: 'tendereePartyId', message: 'required', code: 'TENDEREE_REQUIRED' },
      ]);
    }
    return {
      tendereePartyId: await verifiedOfKind(input.tendereePartyId, 'tenderee', 'TENDEREE_INVALID'),
      agencyPartyId: own.id,
    };
  }
  if (input.tendereePartyId && input.tendereePartyId !== own.id) {
    throw forbidden('A tenderee publishes its own tenders only');
  }
  const agencyPartyId = input.agencyPartyId
    ? await verifiedOfKind(input.agencyPartyId, 'agency', 'AGENCY_INVALID')
    : null;
  return { tendereePartyId: own.id, agencyPartyId };
}
