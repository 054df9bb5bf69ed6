import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The feed filtered by a province (region=45, the portal's usual first page) walked notices_feed_by_category
 * and checked the region prefix of every entry of the category: on MariaDB about 1,450 index entries and
 * 0.5 ms of server time for one page of 20 out of 100,000 tenders. The province becomes a generated column
 * (never written by the platform, so it cannot drift from region_code) leading its own feed index, built like
 * migration 0005's: one equality column before (date_modified, id), then the other filter columns, so the
 * province is walked newest first, in feed order, checking category, status and kind in the index alone.
 * A column rather than an index on SUBSTR(...): MariaDB has no expression indexes.
 *
 * RTRIM is a no-op on the fixed-width code, but MariaDB refuses a generated column that reads a CHAR column
 * directly (its value would depend on sql_mode PAD_CHAR_TO_FULL_LENGTH). VIRTUAL: SQLite adds no STORED column
 * to an existing table, and the index keeps the value anyway.
 *
 * On SQLite, Sequelize's changeColumn/removeColumn rebuild a table from PRAGMA table_info, which does not list
 * generated columns: a later migration that changes notices that way must add this column back.
 */
const COLUMN = 'region_province';
const INDEX = 'notices_feed_by_province';

export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  const type = dialect === 'mysql' ? 'CHAR(2)' : 'TEXT';
  await qi.sequelize.query(
    `ALTER TABLE notices ADD COLUMN ${COLUMN} ${type} GENERATED ALWAYS AS (SUBSTR(RTRIM(region_code), 1, 2)) VIRTUAL`,
  );
  const filters = ['category', 'tender_status', 'kind', 'region_code'];
  await qi.addIndex('notices', [COLUMN, 'date_modified', 'id', ...filters], { name: INDEX });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeIndex('notices', INDEX);
  await qi.sequelize.query(`ALTER TABLE notices DROP COLUMN ${COLUMN}`);
}
