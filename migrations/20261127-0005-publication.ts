import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Notices (公告) generated from tenders, for the public feed, and the OCDS releases of each tender's steps.
 * Both are written in the tender's own transaction. Release JSON is immutable once written.
 */
const id = { type: DataTypes.STRING(36), primaryKey: true };
const tenderRef = {
  type: DataTypes.STRING(36),
  allowNull: false,
  references: { model: 'tenders', key: 'id' },
  onDelete: 'RESTRICT',
};

export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  // MEDIUMTEXT on MySQL: a tender's description alone may be 20,000 characters (60 KB in utf8mb4).
  const longText = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;

  await qi.createTable('notices', {
    id,
    tender_id: tenderRef,
    kind: { type: DataTypes.STRING(24), allowNull: false },
    // Which notice of its kind for the tender: 1, or the clarification's number.
    number: { type: DataTypes.INTEGER, allowNull: false },
    title: { type: DataTypes.STRING(300), allowNull: false },
    // Fixed width (GB/T 2260, 6 digits): a province is its first 2 digits, a city its first 4.
    region_code: { type: DataTypes.CHAR(6), allowNull: false },
    category: { type: DataTypes.CHAR(1), allowNull: false },
    tender_status: { type: DataTypes.STRING(16), allowNull: false },
    published_at: { type: DataTypes.DATE(3), allowNull: false },
    date_modified: { type: DataTypes.DATE(3), allowNull: false },
    // Last: SQLite reads a row's columns in order, so the feed's columns never wait behind a long text.
    body: { type: longText, allowNull: false },
  });
  await qi.addIndex('notices', ['tender_id', 'kind', 'number'], { unique: true });
  // The feed reads newest first and stops after a page. Each index has at most one equality column before
  // (date_modified, id), so it is walked backwards in feed order with no sort whatever else is filtered, and it
  // carries the other filter columns, so the page's ids are found in the index alone (a covering scan: no row is
  // read for the entries a filter skips); the page's rows are then read by id. A category, or one full region
  // code, narrows the walk; a province or city prefix, a status or a kind is checked along the way.
  const feedIndex = (name: string, leading: string[]) => {
    const filters = ['region_code', 'category', 'tender_status', 'kind'].filter((c) => !leading.includes(c));
    return qi.addIndex('notices', [...leading, 'date_modified', 'id', ...filters], { name });
  };
  await feedIndex('notices_feed', []);
  await feedIndex('notices_feed_by_category', ['category']);
  await feedIndex('notices_feed_by_region', ['region_code']);

  await qi.createTable('ocds_releases', {
    id,
    tender_id: tenderRef,
    // The release's place in its tender's history, 1, 2, ...: the record lists releases in this order.
    position: { type: DataTypes.INTEGER, allowNull: false },
    ocid: { type: DataTypes.STRING(64), allowNull: false },
    release_id: { type: DataTypes.STRING(100), allowNull: false, unique: true },
    tag: { type: DataTypes.STRING(100), allowNull: false },
    date: { type: DataTypes.DATE(3), allowNull: false },
    json: { type: longText, allowNull: false },
  });
  await qi.addIndex('ocds_releases', ['tender_id', 'position'], { unique: true });
  await qi.addIndex('ocds_releases', ['date', 'id'], { name: 'ocds_releases_feed' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('ocds_releases');
  await qi.dropTable('notices');
}
