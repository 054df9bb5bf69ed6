import type { TenderDocument } from './models.js';
import type { DocumentList, DocumentVersion, DownloadCounts, DownloadReport } from './schemas.js';

export const contentUrl = (documentId: string) => `/api/v1/documents/${documentId}/content`;

export function toDocumentVersion(d: TenderDocument): DocumentVersion {
  return {
    id: d.id,
    tenderId: d.tenderId,
    name: d.name,
    version: d.version,
    sha256: d.sha256,
    size: d.size,
    contentType: d.contentType,
    amendment: d.amendmentNumber,
    uploadedAt: d.createdAt.toISOString(),
    contentUrl: contentUrl(d.id),
  };
}

/** Versions grouped by name, names in the order they first appeared, versions oldest first. */
export function toDocumentList(rows: TenderDocument[]): DocumentList {
  const byName = new Map<string, DocumentVersion[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), toDocumentVersion(row)]);
  return {
    items: [...byName].map(([name, versions]) => {
      const history = versions.sort((a, b) => a.version - b.version);
      return { name, latest: history[history.length - 1]!, history };
    }),
  };
}

/** How many downloads one document version had from one party (null: no party signed in). */
export interface DownloadTally {
  documentId: string;
  partyId: string | null;
  count: number;
}

function counts(tallies: DownloadTally[], partyNames: Map<string, string>): DownloadCounts {
  const perParty = new Map<string, number>();
  let downloads = 0;
  let withoutParty = 0;
  for (const { partyId, count } of tallies) {
    downloads += count;
    if (partyId === null) withoutParty += count;
    else perParty.set(partyId, (perParty.get(partyId) ?? 0) + count);
  }
  const parties = [...perParty]
    .map(([partyId, n]) => ({ partyId, name: partyNames.get(partyId) ?? '', downloads: n }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.partyId.localeCompare(b.partyId));
  return { downloads, withoutParty, parties };
}

export function toDownloadReport(
  tenderId: string,
  documents: TenderDocument[],
  tallies: DownloadTally[],
  partyNames: Map<string, string>,
): DownloadReport {
  return {
    tenderId,
    ...counts(tallies, partyNames),
    documents: documents.map((d) => ({
      documentId: d.id,
      name: d.name,
      version: d.version,
      ...counts(
        tallies.filter((tally) => tally.documentId === d.id),
        partyNames,
      ),
    })),
  };
}
