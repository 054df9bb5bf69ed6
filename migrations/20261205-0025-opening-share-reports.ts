import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Blame where it belongs (issue 15). `opening_share_reports` keeps each custodian's signed report that its
 * wrapped share of a bid does not unwrap, or unwraps to a share that fails the bidder's check: the evidence
 * that a bid which cannot be opened is the bidder's own doing (视为撤销). `opening_shares.wrong_after_valid`
 * counts wrong shares a custodian sent after its valid one (kept, and blamed, instead of vanishing), and
 * `opening_bids.evidence` is what the settlement relied on (JSON), copied into the opening record.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

  await qi.createTable('opening_share_reports', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    bid_id: s(36),
    version: { type: DataTypes.INTEGER, allowNull: false },
    position: { type: DataTypes.INTEGER, allowNull: false },
    reason: s(32),
    /** The canonical JSON the custodian signed, as verified. */
    statement: { type: DataTypes.TEXT, allowNull: false },
    signature: { type: DataTypes.TEXT, allowNull: false },
    certificate_serial: s(40),
    reported_by: s(36),
    reported_at: d(),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('opening_share_reports', ['bid_id', 'version', 'position'], {
    name: 'opening_share_reports_bid_position',
    unique: true,
  });
  await qi.addIndex('opening_share_reports', ['tender_id'], { name: 'opening_share_reports_tender' });
  await qi.addColumn('opening_shares', 'wrong_after_valid', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
  await qi.addColumn('opening_bids', 'evidence', { type: DataTypes.TEXT, allowNull: true });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeColumn('opening_bids', 'evidence');
  await qi.removeColumn('opening_shares', 'wrong_after_valid');
  await qi.dropTable('opening_share_reports');
}
