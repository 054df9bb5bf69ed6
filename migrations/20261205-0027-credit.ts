import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Credit (诚信体系), issue 14: records made from platform facts (never typed in), one per source event and
 * subject (`source_key` unique, so a replayed event adds nothing), and the subjects' objections and repair
 * applications (异议, 信用修复) with the supervisor's decision.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  const stamps = { created_at: d(), updated_at: d() };

  await qi.createTable('credit_records', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    source_key: s(160),
    source_type: s(60),
    source_seq: { type: DataTypes.BIGINT, allowNull: false },
    subject_kind: s(10),
    subject_id: s(36),
    subject_uscc: s(18, true),
    subject_name: s(200),
    kind: s(40),
    severity: s(12),
    barring: { type: DataTypes.BOOLEAN, allowNull: false },
    basis: s(300),
    summary: text(),
    tender_id: s(36, true),
    valid_from: d(),
    valid_until: d(true),
    publicity_until: d(),
    visibility: s(12),
    status: s(12),
    ...stamps,
  });
  await qi.addIndex('credit_records', ['source_key'], { name: 'credit_records_source', unique: true });
  await qi.addIndex('credit_records', ['subject_kind', 'subject_id'], { name: 'credit_records_subject' });
  await qi.addIndex('credit_records', ['subject_uscc'], { name: 'credit_records_uscc' });
  await qi.addIndex('credit_records', ['created_at', 'id'], { name: 'credit_records_created' });

  await qi.createTable('credit_requests', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    record_id: s(36),
    kind: s(12),
    party_id: s(36),
    filed_by: s(36),
    filed_by_name: s(100),
    reason: text(),
    filed_at: d(),
    status: s(12),
    decided_by: s(36, true),
    decided_by_name: s(100, true),
    decision_note: text(true),
    decided_at: d(true),
    ...stamps,
  });
  await qi.addIndex('credit_requests', ['record_id'], { name: 'credit_requests_record' });
  await qi.addIndex('credit_requests', ['status', 'filed_at'], { name: 'credit_requests_status' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('credit_requests');
  await qi.dropTable('credit_records');
}
