import { canonicalJson } from '../../../crypto/canonical-json.js';
import { withPriceField } from '../tenders/index.js';
import type { TenderView } from '../tenders/index.js';
import type { ShareEvidence } from './blame.js';
import { systemContext, type OpeningDeps } from './deps.js';
import { readOutValues, type FormValue } from './form.js';
import type { OpeningModels, OpeningSection } from './models.js';
import { signOpeningRecord, type SignedOpeningRecord } from './record.js';

/**
 * Builds, signs and publishes a section's opening record once every bid in it is settled (no price is shown
 * before that, so no bidder can choose whether to reveal after seeing others). The record is made only from
 * what was frozen and decrypted, so a rerun after a crash writes the same record; the section row, the notice,
 * the OCDS release and the audit entry commit together, once.
 */
export async function publishRecord(
  models: OpeningModels,
  deps: OpeningDeps,
  tender: TenderView,
  section: OpeningSection,
): Promise<boolean> {
  const bids = await models.OpeningBid.findAll({
    where: { tenderId: tender.id, sectionId: section.sectionId },
    order: [
      ['receivedAt', 'ASC'],
      ['bidId', 'ASC'],
    ],
  });
  if (bids.some((b) => b.outcome === null)) return false;
  const fields = withPriceField(tender.bidFormFields).filter((f) => f.readOut);
  const view = tender.sections.find((s) => s.id === section.sectionId)!;
  const parties = await deps.parties.findMany(bids.map((b) => b.bidderPartyId));
  const bidders = bids.map((b) => parties.get(b.bidderPartyId));
  const signed = await signOpeningRecord(
    {
      tender: { id: tender.id, code: tender.code, title: tender.title },
      section: { id: view.id, code: view.code, name: view.name },
      openedAt: tender.schedule.bidDeadline,
      custodians: {
        threshold: tender.custodians.threshold,
        positions: tender.custodians.members.map((m) => m.position),
      },
      fields: fields.map((f) => ({ key: f.key, label: f.label, type: f.type })),
      bids: bids.map((b, i) => ({
        bidId: b.bidId,
        version: b.version,
        bidder: {
          partyId: b.bidderPartyId,
          name: bidders[i]?.name ?? '',
          uscc: bidders[i]?.uscc ?? '',
        },
        ciphertextSha256: b.ciphertextSha256,
        receivedAt: b.receivedAt.toISOString(),
        outcome: b.outcome!,
        reason: b.reason,
        blamedCustodians: JSON.parse(b.blamed ?? '[]') as number[],
        values:
          b.outcome === 'opened'
            ? readOutValues(fields, JSON.parse(b.form ?? '{}') as Record<string, FormValue>)
            : {},
        ...(b.evidence && { shareReports: JSON.parse(b.evidence) as ShareEvidence[] }),
      })),
      platformCertificate: deps.signer.fingerprint,
    },
    (data) => deps.signer.sign(data),
  );
  return store(models, deps, tender, section, signed);
}

async function store(
  models: OpeningModels,
  deps: OpeningDeps,
  tender: TenderView,
  section: OpeningSection,
  signed: SignedOpeningRecord,
): Promise<boolean> {
  const { db, audit, events, clock, notices, openData } = deps;
  return db.transaction(async (t) => {
    const row = await models.OpeningSection.findByPk(section.id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!row || row.status !== 'collecting') return false;
    const now = clock.now();
    const { record } = signed;
    await row.update(
      { status: 'published', record: canonicalJson(record), signature: signed.signature, publishedAt: now },
      { transaction: t },
    );
    await notices.announceOpeningRecord(
      t,
      systemContext(`opening:${tender.id}`),
      tender.id,
      row.position,
      record,
      now,
    );
    await openData.releaseBids(
      t,
      tender.id,
      now,
      record.bids.map((b) => ({
        id: b.bidId,
        date: b.receivedAt,
        sectionCode: record.section.code,
        bidder: b.bidder,
        outcome: b.outcome,
        priceFen: typeof b.values.price === 'number' ? b.values.price : null,
      })),
    );
    await audit.append(t, systemContext(`opening:${tender.id}`), {
      action: 'opening.record-publish',
      subject: `tender:${tender.id}`,
      data: { sectionId: row.sectionId, bids: record.bids.length, signature: signed.signature.slice(0, 16) },
    });
    await events.publishAfterCommit(t, systemContext(`opening:${tender.id}`), 'opening.record-published', {
      tenderId: tender.id,
      sectionId: row.sectionId,
    });
    return true;
  });
}
