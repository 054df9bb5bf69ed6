import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The next candidate after the winner refuses (SS Art.55, 74): an award is kept when it is superseded, so a
 * section may hold several awards of which one is current (superseded_at null); the refusal's time and reason
 * are copied onto the refused award, for the next award's passed-over list. The tender's lock serialises the
 * awards of a section, so the index on section_id is no longer unique.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.addColumn('awards', 'refused_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.addColumn('awards', 'refusal_reason', { type: DataTypes.TEXT, allowNull: true });
  await qi.addColumn('awards', 'superseded_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.removeIndex('awards', 'awards_section');
  await qi.addIndex('awards', ['section_id'], { name: 'awards_section' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeIndex('awards', 'awards_section');
  await qi.addIndex('awards', ['section_id'], { name: 'awards_section', unique: true });
  await qi.removeColumn('awards', 'superseded_at');
  await qi.removeColumn('awards', 'refusal_reason');
  await qi.removeColumn('awards', 'refused_at');
}
