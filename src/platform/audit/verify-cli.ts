import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { initAuditModels } from './models.js';
import { verifyAuditChain } from './verify.js';

/** `npm run audit:verify`: exit 0 when the chain is whole, 1 naming the first broken entry. */
const config = loadConfig();
const db = await openDatabase(config.DATABASE_URL);
const models = initAuditModels(db.sequelize);
const signingCert = readFileSync(join(config.KEYS_DIR, 'platform-signing.crt.pem'), 'utf8');
const verdict = await verifyAuditChain(models, signingCert, config.AUDIT_CHECKPOINT_EVERY);
await db.close();
if (verdict.ok) {
  console.log(`audit chain OK: ${verdict.entries} entries, ${verdict.checkpoints} signed checkpoints`);
} else {
  console.error(`audit chain BROKEN at entry ${verdict.seq}: ${verdict.reason}`);
  process.exitCode = 1;
}
