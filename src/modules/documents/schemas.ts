import { z } from 'zod';

/**
 * A document's name as people see it and as it is saved under. No path separators (it names a file, not a
 * place), no control characters, and no bidirectional overrides, which can disguise an extension
 * ("report\u202Efdp.exe" shows as "reportexe.pdf").
 */
export const documentName = z
  .string()
  .trim()
  .normalize('NFC') // one name per document, however the client composed its characters
  .min(1)
  .max(200)
  .regex(
    /^[^/\\\p{Cc}\p{Zl}\p{Zp}\u200E\u200F\u202A-\u202E\u2066-\u2069]+$/u,
    'no slashes, control or bidirectional characters',
  )
  .refine((name) => !/^\.+$/.test(name), 'not a file name');

export const tenderIdParams = z.object({ id: z.string().uuid() });
export const documentIdParams = z.object({ documentId: z.string().uuid() });

export const uploadQuery = z.object({
  name: documentName,
  /** The amendment a published tender's document changes with (its clarification number). */
  amendment: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

export const documentVersion = z.object({
  id: z.string(),
  tenderId: z.string(),
  name: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  amendment: z.number().int().nullable(),
  uploadedAt: z.string(),
  contentUrl: z.string(),
});
export type DocumentVersion = z.infer<typeof documentVersion>;

/** The public list: every name with its latest version and every version before it. No download data. */
export const documentList = z.object({
  items: z.array(z.object({ name: z.string(), latest: documentVersion, history: z.array(documentVersion) })),
});
export type DocumentList = z.infer<typeof documentList>;

const downloadCounts = {
  downloads: z.number().int(),
  /** Downloads without a signed-in party (anonymous, or platform staff). */
  withoutParty: z.number().int(),
  parties: z.array(z.object({ partyId: z.string(), name: z.string(), downloads: z.number().int() })),
};

/** Who obtained the documents and how many did (EB Art.21), per document version and over the tender. */
export const downloadReport = z.object({
  tenderId: z.string(),
  ...downloadCounts,
  documents: z.array(
    z.object({ documentId: z.string(), name: z.string(), version: z.number().int(), ...downloadCounts }),
  ),
});
export type DownloadReport = z.infer<typeof downloadReport>;
export type DownloadCounts = Omit<DownloadReport, 'tenderId' | 'documents'>;
