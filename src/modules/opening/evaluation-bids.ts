import type { Transaction } from 'sequelize';
import { withPriceField } from '../tenders/index.js';
import { attachmentsOf } from './opened-bids.js';
import type { ManifestAttachment } from './attachments.js';
import type { OpeningRuntime } from './deps.js';
import type { FormValue } from './form.js';
import type { OpeningModels } from './models.js';

/** The key of the price in every bid form (the tenders module puts it first in each form). */
export const PRICE_KEY = withPriceField([])[0]!.key;

/** An opened bid as the evaluation starts from it. */
export interface EvaluationBid {
  bidId: string;
  bidderPartyId: string;
  bidderName: string;
  /** For the experts' avoidance rules when a conflicted member's seat is redrawn. */
  bidderUscc: string;
  /** The bid form's price, integer fen (checked a positive whole number when the bid was opened). */
  priceFen: number;
  receivedAt: Date;
  form: Record<string, FormValue>;
  attachments: ManifestAttachment[];
}

/**
 * The bids a section's evaluation reviews: those opened (outcome 'opened'), once the section's record is
 * published, in the order received. A bid revoked or withdrawn at the opening is not evaluated (EB Art.31).
 */
export async function bidsForEvaluation(
  models: OpeningModels,
  deps: Pick<OpeningRuntime, 'parties'>,
  tenderId: string,
  sectionId: string,
  t?: Transaction,
): Promise<EvaluationBid[]> {
  const section = await models.OpeningSection.findOne({ where: { tenderId, sectionId }, transaction: t });
  if (section?.status !== 'published') return [];
  const bids = await models.OpeningBid.findAll({
    where: { tenderId, sectionId, outcome: 'opened' },
    order: [
      ['receivedAt', 'ASC'],
      ['bidId', 'ASC'],
    ],
    transaction: t,
  });
  const parties = new Map<string, { name: string; uscc: string }>();
  for (const b of bids) {
    if (parties.has(b.bidderPartyId)) continue;
    const party = await deps.parties.find(b.bidderPartyId, t);
    parties.set(b.bidderPartyId, { name: party?.name ?? '', uscc: party?.uscc ?? '' });
  }
  return bids.map((b) => {
    const form = JSON.parse(b.form ?? '{}') as Record<string, FormValue>;
    const price = form[PRICE_KEY];
    // formProblems refused any opened bid without a positive whole price: this is a corrupt row.
    if (typeof price !== 'number') throw new Error(`Opened bid ${b.bidId} has no price in its form`);
    return {
      bidId: b.bidId,
      bidderPartyId: b.bidderPartyId,
      bidderName: parties.get(b.bidderPartyId)!.name,
      bidderUscc: parties.get(b.bidderPartyId)!.uscc,
      priceFen: price,
      receivedAt: b.receivedAt,
      form,
      attachments: attachmentsOf(b),
    };
  });
}
