import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The supervisors' daily digest (issue 12): one row per Beijing day, composed at 08:00 Beijing the next
 * morning. The date is unique, so a digest job that runs twice stores one digest.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  // The figures list the day's findings and the stale alerts: MEDIUMTEXT keeps MySQL from a 64 KB cap.
  const long = { type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull: false };
  await qi.createTable('supervision_digests', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    digest_date: { type: DataTypes.CHAR(10), allowNull: false },
    figures: long,
    composed_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('supervision_digests', ['digest_date'], {
    name: 'supervision_digests_date',
    unique: true,
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('supervision_digests');
}
