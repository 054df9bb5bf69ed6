// Regenerates catalog-data.ts from catalog.csv (the CSV is the source; the .ts lets the catalog load without
// fs, in the browser too). Run: npx tsx expert-pool/catalog/generate-data.ts
import { readFileSync, writeFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const csv = readFileSync(new URL('catalog.csv', here), 'utf8');
if (csv.includes('`') || csv.includes('${') || csv.includes('\\'))
  throw new Error('catalog.csv: unexpected characters');
writeFileSync(
  new URL('catalog-data.ts', here),
  '// Generated from catalog.csv by generate-data.ts; do not edit by hand.\n' +
    `export const CATALOG_CSV = \`${csv}\`;\n`,
);
