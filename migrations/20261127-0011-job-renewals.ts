import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Counters that rise with every lease renewal and every job heartbeat (src/platform/jobs). A renewal is a
 * compare-and-set whose success is read from the affected-row count; MySQL/MariaDB count only rows whose
 * values changed (Sequelize connects without FOUND_ROWS), so a renewal in the same millisecond as the last
 * one set nothing new and read as "lost". With a counter every renewal changes the row, on every engine.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const counter = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };
  await qi.addColumn('leases', 'renewals', counter);
  await qi.addColumn('jobs', 'heartbeats', counter);
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeColumn('jobs', 'heartbeats');
  await qi.removeColumn('leases', 'renewals');
}
