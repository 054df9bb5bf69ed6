import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, type Bidder, type Finding } from './finding.js';
import type { ScreenSettings } from './settings.js';

/** What a file says about who made it (PDF Info, DOCX core and app properties); absent when it says nothing. */
export interface FileMetadata {
  /** PDF Author, DOCX dc:creator. */
  author?: string;
  /** DOCX cp:lastModifiedBy. */
  lastModifiedBy?: string;
  /** DOCX Company (app.xml). */
  company?: string;
}

/** One attachment of an opened bid, as read after the opening. */
export interface BidFile {
  index: number;
  name: string;
  size: number;
  /** SHA-256 hex of the attachment's bytes. */
  sha256: string;
  metadata: FileMetadata;
}

export interface OpenedBidFiles {
  bidId: string;
  bidder: Bidder;
  /** The upload event of the version that was opened, when the stream has it. */
  seq: number | null;
  files: BidFile[];
}

/** A section's opened bids with their attachments, once its opening record is published. */
export interface SectionFilesFacts {
  sectionId: string;
  /** The opening.record-published event. */
  recordSeq: number;
  bids: OpenedBidFiles[];
}

type Field = keyof FileMetadata;
/** The fields that name a person: one who wrote a file in one bid and saved it in another is one person. */
const PERSON: readonly Field[] = ['author', 'lastModifiedBy'];

/** Compared as people read them: width, case and spacing do not make two names different. */
const normal = (value: string) => value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

interface Use {
  bid: OpenedBidFiles;
  file: BidFile;
  field?: Field;
}

function grouped(uses: Iterable<[string, Use]>): Map<string, Use[]> {
  const map = new Map<string, Use[]>();
  for (const [key, use] of uses) map.set(key, [...(map.get(key) ?? []), use]);
  return map;
}

const filesOf = (uses: Use[]) =>
  uses.map((u) => ({ bidId: u.bid.bidId, bidder: u.bid.bidder.name, file: u.file.name, field: u.field }));

/**
 * same-file: what the bids' attachments share across different bidders (SS Art.40: bids compiled by one
 * hand, abnormally identical, or mixed up), read after the opening, before the committee sits:
 * - `identical`: one file (same SHA-256, not empty) in the bids of two or more bidders, critical;
 * - `metadata`: one author, last editor or company in the files of two or more bidders, a warning (a template
 *   passed around carries its author too); generic values (settings) are no one's name and never match;
 * - `mixed`: a bidder's file names another bidder of the section as its author or company, critical.
 */
export const sameFile: Rule<SectionFilesFacts, Finding, Pick<ScreenSettings, 'genericMetadataValues'>> = (
  { sectionId, recordSeq, bids },
  { genericMetadataValues },
) => {
  const generic = new Set(genericMetadataValues.map(normal));
  const findings: Finding[] = [];
  const seqs = (uses: Use[]) => seqsOf([recordSeq, ...uses.map((u) => u.bid.seq)]);
  const all = bids.flatMap((bid) => bid.files.map((file) => ({ bid, file })));

  const byHash = grouped(all.filter((u) => u.file.size > 0).map((u) => [u.file.sha256, u]));
  for (const hash of [...byHash.keys()].sort()) {
    const uses = byHash.get(hash)!;
    const bidders = biddersOf(uses.map((u) => u.bid));
    if (bidders.length < 2) continue;
    findings.push({
      indicator: 'same-file',
      severity: 'critical',
      sectionId,
      identity: `${sectionId}:sha256:${hash}`,
      summary: `${bidders.length} bidders attached the same file (${uses[0]!.file.name}): ${namesOf(bidders)}`,
      seqs: seqs(uses),
      details: { kind: 'identical', sha256: hash, size: uses[0]!.file.size, bidders, files: filesOf(uses) },
    });
  }

  const metadataUses = all.flatMap((u) =>
    (Object.keys(u.file.metadata) as Field[]).flatMap((field): [string, Use][] => {
      const value = normal(u.file.metadata[field] ?? '');
      if (!value || generic.has(value)) return [];
      const kind = PERSON.includes(field) ? 'person' : field;
      return [[`${kind}:${value}`, { ...u, field }]];
    }),
  );
  const byValue = grouped(metadataUses);
  for (const key of [...byValue.keys()].sort()) {
    const uses = byValue.get(key)!;
    const bidders = biddersOf(uses.map((u) => u.bid));
    if (bidders.length < 2) continue;
    const value = uses[0]!.file.metadata[uses[0]!.field!]!.trim();
    findings.push({
      indicator: 'same-file',
      severity: 'warning',
      sectionId,
      identity: `${sectionId}:${key}`,
      summary: `The files of ${bidders.length} bidders name the same ${key.startsWith('person:') ? 'author' : 'company'} “${value}”: ${namesOf(bidders)}`,
      seqs: seqs(uses),
      details: { kind: 'metadata', value, bidders, files: filesOf(uses) },
    });
  }

  const byName = new Map(bids.map((b) => [normal(b.bidder.name), b.bidder]));
  const mixed = grouped(
    metadataUses.flatMap(([, use]): [string, Use][] => {
      const named = byName.get(normal(use.file.metadata[use.field!]!));
      return named && named.partyId !== use.bid.bidder.partyId
        ? [[`${use.bid.bidId}>${named.partyId}`, use]]
        : [];
    }),
  );
  for (const key of [...mixed.keys()].sort()) {
    const uses = mixed.get(key)!;
    const { bid, file, field } = uses[0]!;
    const named = byName.get(normal(file.metadata[field!]!))!;
    findings.push({
      indicator: 'same-file',
      severity: 'critical',
      sectionId,
      identity: `${sectionId}:mixed:${key}`,
      summary: `A file of ${bid.bidder.name || bid.bidder.partyId}'s bid (${file.name}) names another bidder, ${named.name}`,
      seqs: seqs(uses),
      details: { kind: 'mixed', bidders: [bid.bidder, named], files: filesOf(uses) },
    });
  }
  return findings;
};
