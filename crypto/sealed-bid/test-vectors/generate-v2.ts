// Writes sealed-bid-v2.json from deriveV2Vector (`npx tsx crypto/sealed-bid/test-vectors/generate-v2.ts`).
// Deterministic: re-running writes the same values unless the construction changed, which the test catches
// (then `npx prettier --write` the file, as every checked-in JSON is kept).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deriveV2Vector } from './pvss-v2.js';

writeFileSync(
  fileURLToPath(new URL('sealed-bid-v2.json', import.meta.url)),
  `${JSON.stringify(deriveV2Vector(), null, 2)}\n`,
);
