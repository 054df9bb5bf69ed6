import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { withPriceField } from './bid-form.js';
import { sectionCode } from './codes.js';
import type { Tender, TenderModels } from './models.js';
import type { TenderInput } from './schemas.js';

/** The tender's own columns, from what its tenderee or agency wrote. */
export function tenderColumns(input: TenderInput) {
  return {
    projectName: input.projectName,
    title: input.title,
    description: input.description ?? null,
    category: input.category,
    procurementMethod: input.procurementMethod,
    regionCode: input.regionCode,
    bidValidityDays: input.bidValidityDays,
    evaluationMethod: input.evaluationMethod,
    evaluationCriteria: JSON.stringify(input.evaluationCriteria),
    bidFormFields: JSON.stringify(withPriceField(input.bidFormFields)),
    ...input.schedule,
    custodianThreshold: input.custodians.threshold,
  };
}

/** Sections and custodians are replaced whole on every draft save; their codes follow their positions. */
export async function replaceParts(
  models: TenderModels,
  t: Transaction,
  tender: Tender,
  input: TenderInput,
): Promise<void> {
  const { TenderSection, TenderCustodian } = models;
  await TenderSection.destroy({ where: { tenderId: tender.id }, transaction: t });
  await TenderCustodian.destroy({ where: { tenderId: tender.id }, transaction: t });
  await TenderSection.bulkCreate(
    input.sections.map(({ evaluationPlan, ...s }, i) => ({
      id: randomUUID(),
      tenderId: tender.id,
      position: i + 1,
      code: sectionCode(tender.code, i + 1),
      ...s,
      evaluationPlan: evaluationPlan ? JSON.stringify(evaluationPlan) : null,
    })),
    { transaction: t },
  );
  await TenderCustodian.bulkCreate(
    input.custodians.userIds.map((userId, i) => ({
      id: randomUUID(),
      tenderId: tender.id,
      position: i + 1,
      userId,
      certificateSerial: null,
      certificatePem: null,
    })),
    { transaction: t },
  );
}
