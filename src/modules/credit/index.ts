import { defineModule } from '../../platform/modules/contract.js';
import { initCreditModels } from './models.js';
import { creditRoutes } from './routes.js';
import { CreditService } from './service.js';
import { CreditSources } from './sources.js';

/**
 * Credit (诚信体系): records made from platform facts by a durable consumer of the event stream, their effects
 * (bids refused, experts left out of draws, a tender's credit criterion), objection and repair, the public
 * query, export and feed. The modules that ask it (bids, experts, evaluation) get it through their own ports,
 * filled here since they are built before it.
 */
export const creditModule = defineModule({
  name: 'credit',
  models: initCreditModels,
  create: ({ db, audit, clock, events }, models, m) => {
    const experts = {
      expert: async (id: string) => {
        const e = await m.experts.experts.models.Expert.findByPk(id);
        return e && { id: e.id, name: e.name, userId: e.userId };
      },
    };
    const parties = {
      find: (id: string, t?: Parameters<typeof m.parties.find>[1]) => m.parties.find(id, t),
      byUscc: (uscc: string) => m.parties.findByUscc(uscc),
      search: async (q: string, limit: number) => {
        const exact = await m.parties.findByUscc(q.toUpperCase());
        const named = await m.parties.list(null, { q, limit });
        const found = [...(exact?.status === 'verified' ? [exact] : []), ...named.items];
        const unique = new Map(found.map((p) => [p.id, { id: p.id, name: p.name, uscc: p.uscc }]));
        return [...unique.values()].slice(0, limit);
      },
    };
    const credit = new CreditService(models, { db, audit, clock, parties, experts });
    new CreditSources(models, {
      events,
      parties,
      experts,
      bids: { bidOwner: (bidId) => m.bids.forOpening.bidOwner(bidId) },
      alerts: {
        alertBidders: async (alertId, t) => {
          const alert = await m.supervision.models.SupervisionAlert.findByPk(alertId, { transaction: t });
          if (!alert) return null;
          return { indicator: alert.indicator, partyIds: biddersOf(alert.evidence) };
        },
      },
    }).subscribe();
    // The late ports of the modules built before this one.
    m.bids.setCreditCheck({ barring: (partyId) => credit.barring('party', partyId) });
    m.experts.draws.setCreditCheck({ barredExperts: () => credit.barredExperts() });
    m.evaluation.setCreditCheck({
      recordsWithin: (p, kinds, years, t) => credit.recordsWithin(p, kinds, years, t),
    });
    return credit;
  },
  routes: (credit) => creditRoutes(credit),
});

/** The bidders an alert's evidence names: its finding's details.bidders (screens/finding.ts). */
function biddersOf(evidence: string): string[] {
  const parsed = JSON.parse(evidence) as { details?: { bidders?: { partyId?: unknown }[] } };
  const bidders = parsed.details?.bidders ?? [];
  return bidders.flatMap((b) => (typeof b.partyId === 'string' ? [b.partyId] : []));
}

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    credit: CreditService;
  }
}

export type { CreditService } from './service.js';
export { RECORD_KINDS, type RecordKind } from './kinds.js';
