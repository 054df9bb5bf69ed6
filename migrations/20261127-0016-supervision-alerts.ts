import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Supervision alerts (issue 12): the red flags the screens raise from the event stream, one per finding
 * (the fingerprint is unique, so a replayed event raises nothing new), with their evidence and the
 * supervisors' workflow: open → acknowledged → resolved with a conclusion.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  // Evidence lists every upload of a crowded tender: MEDIUMTEXT keeps MySQL from a 64 KB cap.
  const long = { type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull: false };

  await qi.createTable('supervision_alerts', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36, true),
    indicator: s(40),
    severity: s(16),
    fingerprint: s(64),
    evidence: long,
    status: s(16),
    raised_by_seq: { type: DataTypes.INTEGER, allowNull: false },
    raised_at: d(),
    acknowledged_at: d(true),
    acknowledged_by: s(36, true),
    acknowledged_by_name: s(200, true),
    resolved_at: d(true),
    resolved_by: s(36, true),
    resolved_by_name: s(200, true),
    conclusion: s(16, true),
    resolution_note: s(2000, true),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('supervision_alerts', ['fingerprint'], {
    name: 'supervision_alerts_fingerprint',
    unique: true,
  });
  // The supervisors' lists: by status, newest first; and one tender's alerts.
  await qi.addIndex('supervision_alerts', ['status', 'raised_at'], { name: 'supervision_alerts_status' });
  await qi.addIndex('supervision_alerts', ['tender_id', 'raised_at'], { name: 'supervision_alerts_tender' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('supervision_alerts');
}
