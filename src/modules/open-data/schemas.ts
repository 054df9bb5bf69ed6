import { z } from 'zod';

/**
 * The OCDS documents as our API declares them: the package metadata field by field, a release by the fields
 * every release must have (the full OCDS schema is the contract; the tests validate against it).
 */
const release = z.looseObject({
  ocid: z.string(),
  id: z.string(),
  date: z.string(),
  tag: z.array(z.string()).min(1),
  initiationType: z.literal('tender'),
});

const packageMetadata = {
  uri: z.string(),
  version: z.literal('1.1'),
  extensions: z.array(z.string()),
  publishedDate: z.string(),
  publisher: z.object({ name: z.string(), uri: z.string() }),
  license: z.string(),
};

export const releasePackageView = z.object({ ...packageMetadata, releases: z.array(release) });

export const recordPackageView = z.object({
  ...packageMetadata,
  packages: z.array(z.string()),
  records: z.array(z.object({ ocid: z.string(), releases: z.array(release), compiledRelease: release })),
});

/** The bulk feed: a release package per page, with our usual cursor (an empty page has no releases). */
export const releaseFeedView = releasePackageView.extend({ nextCursor: z.string().nullable() });

export const releaseFeedQuery = z.object({
  /** Releases dated at or after this instant. */
  since: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const tenderIdParams = z.object({ id: z.string().uuid() });
