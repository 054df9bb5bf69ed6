import { compileReleases } from './merge.js';
import type { Release } from './release.js';

/** OCDS 1.1 packages (https://standard.open-contracting.org/1.1/en/schema/reference/#package-metadata). */
export const OCDS_VERSION = '1.1';
/** Sections (标段) are published as lots, which OCDS 1.1 carries in the Lots extension. */
export const EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
];
/** Public information is free for everyone to use (EB Art.9), so the data carry a public-domain dedication. */
export const LICENSE = 'https://opendatacommons.org/licenses/pddl/1.0/';

export interface Publisher {
  name: string;
  uri: string;
}

/** "If this package is generated on demand, this date should reflect the date of the last change" (OCDS). */
const lastChange = (releases: Release[], fallback: Date) =>
  releases.reduce((latest, r) => (r.date > latest ? r.date : latest), '') || fallback.toISOString();

function metadata(uri: string, publisher: Publisher, releases: Release[], now: Date) {
  return {
    uri,
    version: OCDS_VERSION,
    extensions: EXTENSIONS,
    publishedDate: lastChange(releases, now),
    publisher,
    license: LICENSE,
  };
}

export function releasePackage(uri: string, publisher: Publisher, releases: Release[], now: Date) {
  return { ...metadata(uri, publisher, releases, now), releases };
}

/** A record holds every release of one contracting process, oldest first, and their compiled state. */
export function recordPackage(
  uri: string,
  publisher: Publisher,
  releasePackageUri: string,
  releases: Release[],
  now: Date,
) {
  const first = releases[0];
  if (!first) throw new Error('a record needs at least one release');
  return {
    ...metadata(uri, publisher, releases, now),
    packages: [releasePackageUri],
    records: [{ ocid: first.ocid, releases, compiledRelease: compileReleases(releases) }],
  };
}
