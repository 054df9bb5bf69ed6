import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Key material after the deadline is kept encrypted under the platform's opening key file
 * (src/modules/opening/key-vault.ts), so a database dump alone opens nothing: released shares and bidders'
 * keys grow to hold their sealed form, and each opened bid keeps its sealed content key, so its package is
 * decrypted on demand instead of being stored again in the clear.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  await qi.addColumn('opening_bids', 'sealed_key', { type: DataTypes.STRING(120), allowNull: true });
  // SQLite does not enforce VARCHAR lengths; MySQL does.
  if (dialect === 'mysql') {
    const sealed = { type: DataTypes.STRING(120), allowNull: false };
    await qi.changeColumn('opening_shares', 'share', sealed);
    await qi.changeColumn('opening_bidder_keys', 'content_key', sealed);
  }
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeColumn('opening_bids', 'sealed_key');
}
