import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Database } from './database.js';
import type { Logger } from '../logger.js';

export interface MigrationContext {
  queryInterface: QueryInterface;
  dialect: Database['dialect'];
}

export interface MigrationModule {
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
}

/** migrations/ sits at the project root; compiled, it sits beside dist/src. */
const migrationsDir = resolve(import.meta.dirname, '../../../migrations');

function migrationFiles(): { name: string; path: string }[] {
  return readdirSync(migrationsDir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => ({ name: f.replace(/\.(ts|js)$/, ''), path: join(migrationsDir, f) }));
}

export function createMigrator(db: Database, log?: Logger) {
  const context: MigrationContext = { queryInterface: db.sequelize.getQueryInterface(), dialect: db.dialect };
  return new Umzug<MigrationContext>({
    migrations: migrationFiles().map(({ name, path }) => ({
      name,
      up: async ({ context: c }) => ((await import(pathToFileURL(path).href)) as MigrationModule).up(c),
      down: async ({ context: c }) => ((await import(pathToFileURL(path).href)) as MigrationModule).down(c),
    })),
    context,
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'schema_migrations' }),
    logger: log
      ? {
          info: (m) => log.info(m),
          warn: (m) => log.warn(m),
          error: (m) => log.error(m),
          debug: (m) => log.debug(m),
        }
      : undefined,
  });
}

export async function migrate(db: Database, log?: Logger): Promise<string[]> {
  const done = await createMigrator(db, log).up();
  return done.map((m) => m.name);
}
