import type { Transaction } from 'sequelize';
import { effectivePlan } from './evaluation-plan.js';
import type { EvaluationCriterion, Tender, TenderModels } from './models.js';
import type { TenderFacts } from './rules/index.js';
import type { TenderDeps } from './service.js';

/** What the rules look at; custodians' roles and certificates come from their modules. */
export async function gatherFacts(
  models: TenderModels,
  deps: TenderDeps,
  tender: Tender,
  t?: Transaction,
): Promise<TenderFacts> {
  const now = deps.clock.now();
  const [sections, custodians] = await Promise.all([
    models.TenderSection.findAll({
      where: { tenderId: tender.id },
      order: [['position', 'ASC']],
      transaction: t,
    }),
    models.TenderCustodian.findAll({
      where: { tenderId: tender.id },
      order: [['position', 'ASC']],
      transaction: t,
    }),
  ]);
  const members = await Promise.all(
    custodians.map(async (c) => ({
      userId: c.userId,
      role: (await deps.identity.findUser(c.userId, t))?.role ?? null,
      hasValidCertificate: (await deps.certificates.activeCertificate(c.userId, now, t)) !== null,
    })),
  );
  const legacy = {
    evaluationMethod: tender.evaluationMethod,
    evaluationCriteria: JSON.parse(tender.evaluationCriteria) as EvaluationCriterion[],
  };
  return {
    schedule: tender,
    sections: sections.map((s) => ({
      maxPriceFen: s.maxPriceFen,
      estimatedPriceFen: s.estimatedPriceFen,
      depositFen: s.depositFen,
      evaluationPlan: effectivePlan(s, legacy),
    })),
    custodians: { threshold: tender.custodianThreshold, members },
  };
}

/** The certificates bidders will encrypt to are fixed at publication and published with the tender. */
export async function freezeCustodians(
  models: TenderModels,
  deps: TenderDeps,
  t: Transaction,
  tender: Tender,
  now: Date,
): Promise<void> {
  const custodians = await models.TenderCustodian.findAll({
    where: { tenderId: tender.id },
    transaction: t,
  });
  for (const c of custodians) {
    const cert = await deps.certificates.activeCertificate(c.userId, now, t);
    await c.update({ certificateSerial: cert!.serial, certificatePem: cert!.pem }, { transaction: t });
  }
}
