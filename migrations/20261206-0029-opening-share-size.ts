import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * A released format 2 share carries its proof (up to 132 base64 characters, 99 bytes, in the API), which the
 * KeyVault seals to up to about 190 characters: more than the 120 that held a format 1 share. SQLite does not
 * enforce VARCHAR lengths; MySQL refused the insert.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  if (dialect === 'mysql')
    await qi.changeColumn('opening_shares', 'share', { type: DataTypes.STRING(256), allowNull: false });
}

export async function down({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  if (dialect === 'mysql')
    await qi.changeColumn('opening_shares', 'share', { type: DataTypes.STRING(120), allowNull: false });
}
