import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

const GENESIS_HASH = '0'.repeat(64);

/**
 * The append-only audit chain (EB Art.49). `audit_head` is one row holding the chain's tip: writers lock it
 * (SELECT ... FOR UPDATE) so concurrent transactions on any node append in one order.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  await qi.createTable('audit_entries', {
    seq: { type: DataTypes.BIGINT, primaryKey: true },
    at: { type: DataTypes.DATE(3), allowNull: false },
    actor_user_id: { type: DataTypes.STRING(36), allowNull: true },
    actor_role: { type: DataTypes.STRING(16), allowNull: true },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    request_id: { type: DataTypes.STRING(64), allowNull: true },
    action: { type: DataTypes.STRING(64), allowNull: false },
    subject: { type: DataTypes.STRING(128), allowNull: false },
    // MEDIUMTEXT on MySQL (16 MiB); SQLite's TEXT has no size classes.
    data: { type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull: false },
    prev_hash: { type: DataTypes.STRING(64), allowNull: false },
    hash: { type: DataTypes.STRING(64), allowNull: false },
  });
  await qi.addIndex('audit_entries', ['subject']);

  await qi.createTable('audit_head', {
    id: { type: DataTypes.INTEGER, primaryKey: true },
    seq: { type: DataTypes.BIGINT, allowNull: false },
    hash: { type: DataTypes.STRING(64), allowNull: false },
  });
  await qi.bulkInsert('audit_head', [{ id: 1, seq: 0, hash: GENESIS_HASH }]);

  await qi.createTable('audit_checkpoints', {
    seq: { type: DataTypes.BIGINT, primaryKey: true },
    hash: { type: DataTypes.STRING(64), allowNull: false },
    at: { type: DataTypes.DATE(3), allowNull: false },
    signature: { type: DataTypes.TEXT, allowNull: false },
    signer_fingerprint: { type: DataTypes.STRING(64), allowNull: false },
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('audit_checkpoints');
  await qi.dropTable('audit_head');
  await qi.dropTable('audit_entries');
}
