// Regenerates catalog-data.ts from catalog.csv (the CSV is the source; the .ts lets the catalog load without
// fs, in the browser too). Run: npx tsx expert-pool/catalog/generate-data.ts
// The CSV goes through the same import check as an admin's upload (parseCatalogCsv), so a file with
// duplicate codes or orphans never becomes the default catalog. Line endings are stored as LF.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCatalogCsv } from './parse.js';

const here = new URL('.', import.meta.url);
const csv = readFileSync(new URL('catalog.csv', here), 'utf8').replace(/\r\n?/g, '\n');
if (csv.includes('`') || csv.includes('${') || csv.includes('\\'))
  throw new Error('catalog.csv: unexpected characters');
const catalog = parseCatalogCsv(csv);
writeFileSync(new URL('catalog.csv', here), csv);
writeFileSync(
  new URL('catalog-data.ts', here),
  '// Generated from catalog.csv by generate-data.ts; do not edit by hand.\n' +
    `export const CATALOG_CSV = \`${csv}\`;\n`,
);
console.warn(`catalog-data.ts: ${catalog.size} codes`);
