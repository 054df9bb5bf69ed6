import { canonicalJson } from '../../../crypto/canonical-json.js';
import { withPriceField } from '../tenders/index.js';
import type { BidFormField, TenderView } from '../tenders/index.js';
import type { ShareEvidence } from './blame.js';
import { systemContext, type OpeningDeps } from './deps.js';
import { readOutValues, type FormValue } from './form.js';
import type { OpeningBid, OpeningModels, OpeningSection } from './models.js';
import { signOpeningRecord, type OpeningRecord, type SignedOpeningRecord } from './record.js';
import { BID_WINDOW } from './snapshot.js';

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
  // Polled on every run while shares are awaited: a count, not the rows.
  const where = { tenderId: tender.id, sectionId: section.sectionId };
  if ((await models.OpeningBid.count({ where: { ...where, outcome: null } })) > 0) return false;
  const fields = withPriceField(tender.bidFormFields).filter((f) => f.readOut);
  const view = tender.sections.find((s) => s.id === section.sectionId)!;
  const bids = await recordBids(models, deps, where, fields);
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
      bids,
      platformCertificate: deps.signer.fingerprint,
    },
    (data) => deps.signer.sign(data),
  );
  return store(models, deps, tender, section, signed);
}

type RecordBid = OpeningRecord['bids'][number];

/**
 * The section's bids as the record states them, in the order received: the rows are read a window at a
 * time with the columns the record shows only (not the sealed header, nor the decrypted form beyond its
 * read-out values), so the record's own entries are all that is held.
 */
async function recordBids(
  models: OpeningModels,
  deps: Pick<OpeningDeps, 'parties'>,
  where: { tenderId: string; sectionId: string },
  fields: BidFormField[],
): Promise<RecordBid[]> {
  const out: RecordBid[] = [];
  for (let offset = 0; ; offset += BID_WINDOW) {
    const rows = await models.OpeningBid.findAll({
      where,
      attributes: [...RECORD_COLUMNS],
      order: [
        ['receivedAt', 'ASC'],
        ['bidId', 'ASC'],
      ],
      offset,
      limit: BID_WINDOW,
    });
    const parties = await deps.parties.findMany([...new Set(rows.map((b) => b.bidderPartyId))]);
    for (const b of rows) {
      const party = parties.get(b.bidderPartyId);
      out.push({
        bidId: b.bidId,
        version: b.version,
        bidder: { partyId: b.bidderPartyId, name: party?.name ?? '', uscc: party?.uscc ?? '' },
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
      });
    }
    if (rows.length < BID_WINDOW) return out;
  }
}

/** What the record reads of a settled bid. */
const RECORD_COLUMNS = [
  'bidId',
  'version',
  'bidderPartyId',
  'ciphertextSha256',
  'receivedAt',
  'outcome',
  'reason',
  'blamed',
  'form',
  'evidence',
] as const satisfies readonly (keyof OpeningBid)[];

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
