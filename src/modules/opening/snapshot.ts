import { createHash } from 'node:crypto';
import { Op, type WhereOptions } from 'sequelize';
import type { SealedBidHeader } from '../../../crypto/sealed-bid/index.js';
import type { SubmittedBid } from './bid-source.js';
import type { OpeningDeps } from './deps.js';
import type { OpeningBid, OpeningModels } from './models.js';

/** Fewer bids than this in a section: it fails and nothing of it is opened (SS Art.44). */
export const MIN_BIDS = 3;

/**
 * Bids handled at once when the opening walks a tender's bids (settling, releases, reports): the headers,
 * shares and reports of one window are in memory, never those of the whole tender, so what the opening adds
 * to the process does not grow with the number of bids.
 */
export const BID_WINDOW = 64;

export interface BidAtDeadline extends SubmittedBid {
  header: SealedBidHeader;
  headerSha256: string;
}

/**
 * The bids as they stood at the deadline: the frozen snapshot once the opening started, or (between the
 * deadline and the job's first run) the bids module's current versions, which can no longer change.
 */
export async function bidsAtDeadline(
  models: OpeningModels,
  deps: Pick<OpeningDeps, 'bids'>,
  tenderId: string,
): Promise<BidAtDeadline[]> {
  // The opening row first: it commits with the frozen bids, so once it is seen they are too. Read the other
  // way round, an opening committing between the two reads would look like an opening without bids.
  const opening = await models.Opening.findByPk(tenderId, { attributes: ['tenderId'] });
  const frozen = opening
    ? await models.OpeningBid.findAll({ where: { tenderId }, attributes: [...FROZEN], raw: true })
    : [];
  const bids: SubmittedBid[] = opening ? frozen.map(submitted) : await deps.bids.submittedBids(tenderId);
  return bids.map(withHeader);
}

/**
 * The frozen bids of a tender that match `where`, BID_WINDOW at a time in bid id order. Each window is read
 * when the one before is taken, so a caller that handles one window before asking for the next holds one.
 */
export async function* frozenWindows(
  models: OpeningModels,
  tenderId: string,
  where: WhereOptions<OpeningBid> = {},
  size = BID_WINDOW,
): AsyncGenerator<BidAtDeadline[]> {
  let after = '';
  for (;;) {
    const rows = await models.OpeningBid.findAll({
      where: { ...where, tenderId, bidId: { [Op.gt]: after } } as WhereOptions<OpeningBid>,
      attributes: [...FROZEN],
      order: [['bidId', 'ASC']],
      limit: size,
      raw: true,
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.bidId;
    yield rows.map((r) => withHeader(submitted(r)));
    if (rows.length < size) return;
  }
}

/**
 * The named bids of a tender that are being opened (their section has at least MIN_BIDS bids), as they
 * stood at the deadline: only those rows are read once the bids are frozen. Before that, all of the
 * tender's current bids (the moment between the deadline and the job's first run).
 */
export async function openableBidsNamed(
  models: OpeningModels,
  deps: Pick<OpeningDeps, 'bids'>,
  tenderId: string,
  bidIds: string[],
): Promise<Map<string, BidAtDeadline>> {
  const opening = await models.Opening.findByPk(tenderId, { attributes: ['tenderId'] });
  const out = new Map<string, BidAtDeadline>();
  if (!opening) {
    const bids = await bidsAtDeadline(models, deps, tenderId);
    const open = openableSections(bids);
    const named = new Set(bidIds);
    for (const b of bids) if (open.has(b.sectionId) && named.has(b.bidId)) out.set(b.bidId, b);
    return out;
  }
  // Frozen: a section failed at the freeze exactly when it had fewer than MIN_BIDS bids.
  const open = await openSectionIds(models, tenderId);
  const rows = await models.OpeningBid.findAll({
    where: { tenderId, bidId: [...new Set(bidIds)] },
    attributes: [...FROZEN],
    raw: true,
  });
  for (const r of rows) if (open.has(r.sectionId)) out.set(r.bidId, withHeader(submitted(r)));
  return out;
}

/** How many bids are being opened (in sections with at least MIN_BIDS bids), without reading them. */
export async function openableBidCount(
  models: OpeningModels,
  deps: Pick<OpeningDeps, 'bids'>,
  tenderId: string,
): Promise<number> {
  const opening = await models.Opening.findByPk(tenderId, { attributes: ['tenderId'] });
  if (!opening) {
    const bids = await deps.bids.submittedBids(tenderId);
    const open = openableSections(bids);
    return bids.filter((b) => open.has(b.sectionId)).length;
  }
  const sections = await models.OpeningSection.findAll({
    where: { tenderId, status: { [Op.ne]: 'failed' } },
    attributes: ['bidCount'],
    raw: true,
  });
  return sections.reduce((n, s) => n + s.bidCount, 0);
}

async function openSectionIds(models: OpeningModels, tenderId: string): Promise<Set<string>> {
  const sections = await models.OpeningSection.findAll({
    where: { tenderId, status: { [Op.ne]: 'failed' } },
    attributes: ['sectionId'],
    raw: true,
  });
  return new Set(sections.map((s) => s.sectionId));
}

/** The frozen columns: what the bid was at the deadline (never what the opening made of it). */
const FROZEN = [
  'bidId',
  'tenderId',
  'sectionId',
  'bidderPartyId',
  'version',
  'header',
  'ciphertextSha256',
  'size',
  'receivedAt',
] as const satisfies readonly (keyof OpeningBid)[];

type FrozenRow = Pick<OpeningBid, (typeof FROZEN)[number]>;

const submitted = (b: FrozenRow): SubmittedBid => ({
  bidId: b.bidId,
  tenderId: b.tenderId,
  sectionId: b.sectionId,
  bidderPartyId: b.bidderPartyId,
  version: b.version,
  headerJson: b.header,
  ciphertextSha256: b.ciphertextSha256,
  // Raw rows skip the models' getters: BIGINT may come back as a string, a date as text (SQLite).
  size: Number(b.size),
  receivedAt: new Date(b.receivedAt),
});

const withHeader = (b: SubmittedBid): BidAtDeadline => ({
  ...b,
  header: JSON.parse(b.headerJson) as SealedBidHeader,
  headerSha256: createHash('sha256').update(b.headerJson).digest('hex'),
});

/** Sections with at least MIN_BIDS bids: the only ones whose bids are ever opened. */
export function openableSections(bids: { sectionId: string }[]): Set<string> {
  const counts = new Map<string, number>();
  for (const b of bids) counts.set(b.sectionId, (counts.get(b.sectionId) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= MIN_BIDS).map(([id]) => id));
}

/**
 * The bids being opened (sections with at least MIN_BIDS bids), BID_WINDOW at a time: from the frozen
 * snapshot, or before the freeze from the bids module's current versions (read whole, as that moment is
 * short and the bids module reads them so).
 */
export async function* openableWindows(
  models: OpeningModels,
  deps: Pick<OpeningDeps, 'bids'>,
  tenderId: string,
): AsyncGenerator<BidAtDeadline[]> {
  const opening = await models.Opening.findByPk(tenderId, { attributes: ['tenderId'] });
  if (opening) {
    const open = await openSectionIds(models, tenderId);
    if (open.size > 0) yield* frozenWindows(models, tenderId, { sectionId: [...open] });
    return;
  }
  const bids = await bidsAtDeadline(models, deps, tenderId);
  const open = openableSections(bids);
  const openable = bids.filter((b) => open.has(b.sectionId));
  for (let at = 0; at < openable.length; at += BID_WINDOW) yield openable.slice(at, at + BID_WINDOW);
}

/** `items` in consecutive slices of BID_WINDOW. */
export function inWindows<T>(items: T[], size = BID_WINDOW): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}
