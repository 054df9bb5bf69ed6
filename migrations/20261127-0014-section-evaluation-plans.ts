import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Each section's evaluation plan (method, criteria, price formula, committee; src/modules/tenders/
 * evaluation-plan.ts) as JSON. Null for sections drafted before: their plan is derived from the tender's
 * method and criteria, so existing tenders keep the evaluation they were published with.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.addColumn('tender_sections', 'evaluation_plan', { type: DataTypes.TEXT, allowNull: true });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeColumn('tender_sections', 'evaluation_plan');
}
