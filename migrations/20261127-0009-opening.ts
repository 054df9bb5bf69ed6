import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The opening (开标, EB Art.29-32): one row per opened tender and per section, a snapshot of every bid frozen
 * at the deadline with its outcome, and the key material released after the deadline (custodian shares and
 * bidders' own keys). Nothing here exists before the deadline, so no key is ever stored while bids are sealed.
 * Bids are referenced by id only: the bids module owns its tables.
 */
const tenderRef = {
  type: DataTypes.STRING(36),
  allowNull: false,
  references: { model: 'tenders', key: 'id' },
};
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const stamps = { created_at: time(), updated_at: time() };

export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  // A sealed header may be 256 KiB and a record holds every bid of a section: MEDIUMTEXT on MySQL.
  const big = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
  await qi.createTable('openings', {
    tender_id: { ...tenderRef, primaryKey: true },
    status: str(12), // collecting | complete
    started_at: time(),
    window_ends_at: time(),
    completed_at: time(true),
    result: str(16, true), // the tender's status at the end: evaluating | failed
    ...stamps,
  });

  await qi.createTable('opening_sections', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: tenderRef,
    section_id: str(36),
    position: { type: DataTypes.INTEGER, allowNull: false },
    status: str(12), // failed | collecting | published
    bid_count: { type: DataTypes.INTEGER, allowNull: false },
    record: { type: big, allowNull: true },
    signature: { type: DataTypes.TEXT, allowNull: true },
    published_at: time(true),
    ...stamps,
  });
  await qi.addIndex('opening_sections', ['tender_id', 'section_id'], {
    unique: true,
    name: 'opening_sections_once',
  });

  await qi.createTable('opening_bids', {
    bid_id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: tenderRef,
    section_id: str(36),
    bidder_party_id: str(36),
    version: { type: DataTypes.INTEGER, allowNull: false },
    header: { type: big, allowNull: false },
    ciphertext_sha256: str(64),
    size: { type: DataTypes.BIGINT, allowNull: false },
    received_at: time(),
    outcome: str(12, true), // opened | revoked | withdrawn; null while unsettled
    reason: str(40, true),
    blamed: str(100, true), // JSON array of custodian positions a failure is attributed to
    detail: str(500, true),
    key_source: str(12, true), // custodians | bidder
    form: { type: DataTypes.TEXT, allowNull: true },
    attachments: { type: DataTypes.TEXT, allowNull: true },
    package_sha256: str(64, true),
    package_size: { type: DataTypes.BIGINT, allowNull: true },
    settled_at: time(true),
    ...stamps,
  });
  await qi.addIndex('opening_bids', ['tender_id', 'section_id'], { name: 'opening_bids_section' });

  await qi.createTable('opening_shares', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: tenderRef,
    bid_id: str(36),
    version: { type: DataTypes.INTEGER, allowNull: false },
    position: { type: DataTypes.INTEGER, allowNull: false },
    share: str(64),
    valid: { type: DataTypes.BOOLEAN, allowNull: false },
    released_by: str(36),
    released_at: time(),
    ...stamps,
  });
  await qi.addIndex('opening_shares', ['bid_id', 'version', 'position'], {
    unique: true,
    name: 'opening_shares_once',
  });
  await qi.addIndex('opening_shares', ['tender_id', 'position'], { name: 'opening_shares_custodian' });

  await qi.createTable('opening_bidder_keys', {
    bid_id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: tenderRef,
    version: { type: DataTypes.INTEGER, allowNull: false },
    content_key: str(64),
    valid: { type: DataTypes.BOOLEAN, allowNull: false },
    submitted_by: str(36),
    submitted_at: time(),
    ...stamps,
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('opening_bidder_keys');
  await qi.dropTable('opening_shares');
  await qi.dropTable('opening_bids');
  await qi.dropTable('opening_sections');
  await qi.dropTable('openings');
}
