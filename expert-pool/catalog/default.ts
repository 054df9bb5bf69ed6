import { CATALOG_CSV } from './catalog-data.js';
import { parseCatalogCsv } from './parse.js';
import type { Catalog } from './catalog.js';

/** The catalog shipped with the platform (catalog.csv), parsed once at import time. */
export const defaultCatalog: Catalog = parseCatalogCsv(CATALOG_CSV);
