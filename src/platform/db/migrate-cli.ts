import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openDatabase } from './database.js';
import { createMigrator } from './migrator.js';

/** `npm run migrate [down]`: applies pending migrations, or reverts the last one. */
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const db = await openDatabase(config.DATABASE_URL);
const migrator = createMigrator(db, log);
if (process.argv[2] === 'down') await migrator.down();
else await migrator.up();
await db.close();
