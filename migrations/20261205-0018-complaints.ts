import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Complaints (投诉, issue 12; SS Art.60-61): a complaint against a tender with its evidence files and the
 * periods its decision clock was stopped (expert review, inspection). Due dates are computed from these rows
 * and the working-day calendar, never stored, so a calendar update moves them.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });

  await qi.createTable('complaints', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    tender_title: s(200),
    tenderee_party_id: s(36),
    agency_party_id: s(36, true),
    complainant_party_id: s(36),
    complainant_name: s(200),
    filed_by: s(36),
    filed_by_name: s(200),
    facts: text(),
    request: text(),
    knew_on: s(10),
    filed_at: d(),
    status: s(16),
    reviewed_at: d(true),
    reviewed_by: s(36, true),
    reviewed_by_name: s(200, true),
    review_reason: s(2000, true),
    answer: text(true),
    answered_at: d(true),
    answered_by_name: s(200, true),
    conclusion: s(16, true),
    decision_text: text(true),
    decided_at: d(true),
    decided_by: s(36, true),
    decided_by_name: s(200, true),
    withdrawn_at: d(true),
    withdrawal_reason: s(2000, true),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('complaints', ['status', 'filed_at'], { name: 'complaints_status' });
  await qi.addIndex('complaints', ['complainant_party_id', 'filed_at'], { name: 'complaints_complainant' });
  await qi.addIndex('complaints', ['tender_id', 'filed_at'], { name: 'complaints_tender' });
  await qi.addIndex('complaints', ['decided_at'], { name: 'complaints_decided' });

  await qi.createTable('complaint_evidence', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    // Null from the upload until the complaint that names it is filed.
    complaint_id: s(36, true),
    party_id: s(36),
    uploaded_by: s(36),
    name: s(200),
    content_type: s(100),
    size: { type: DataTypes.INTEGER, allowNull: false },
    sha256: s(64),
    uploaded_at: d(),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('complaint_evidence', ['complaint_id'], { name: 'complaint_evidence_complaint' });

  await qi.createTable('complaint_clock_stops', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    complaint_id: s(36),
    kind: s(16),
    reason: s(2000),
    started_at: d(),
    started_by_name: s(200),
    ended_at: d(true),
    ended_by_name: s(200, true),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('complaint_clock_stops', ['complaint_id', 'started_at'], {
    name: 'complaint_clock_stops_complaint',
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('complaint_clock_stops');
  await qi.dropTable('complaint_evidence');
  await qi.dropTable('complaints');
}
