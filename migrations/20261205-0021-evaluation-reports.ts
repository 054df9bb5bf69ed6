import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The evaluation report (评标报告, PB Art.42) and its members' signatures (issue 13):
 * - evaluation_reports: the report generated at conclusion, frozen as canonical JSON with its SHA-256 digest,
 *   its signing deadline and state (signing, completed, superseded by a re-evaluation);
 * - evaluation_report_signatures: one row per member and report: agree or dissent (with reasons), signed in
 *   the browser, or deemed-agreeing when the deadline passed without either.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  // A report lists every bid, member and sheet verdict: MEDIUMTEXT keeps MySQL from a 64 KB cap.
  const long = (allowNull = false) => ({
    type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT,
    allowNull,
  });

  await qi.createTable('evaluation_reports', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    evaluation_id: s(36),
    tender_id: s(36),
    section_id: s(36),
    state: s(16),
    content: long(),
    digest: s(64),
    generated_at: d(),
    signing_deadline: d(),
    completed_at: d(true),
    superseded_at: d(true),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('evaluation_reports', ['evaluation_id', 'state'], {
    name: 'evaluation_reports_evaluation',
  });

  await qi.createTable('evaluation_report_signatures', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    report_id: s(36),
    evaluation_id: s(36),
    member_id: s(36),
    user_id: s(36),
    member_name: s(200),
    verdict: s(16),
    reasons: { type: DataTypes.TEXT, allowNull: true },
    payload: { type: DataTypes.TEXT, allowNull: true },
    signature: { type: DataTypes.TEXT, allowNull: true },
    certificate_serial: s(64, true),
    signed_at: d(),
  });
  // One answer per member and report, whatever races: the second insert fails, the route answers 409.
  await qi.addIndex('evaluation_report_signatures', ['report_id', 'member_id'], {
    name: 'evaluation_report_signatures_once',
    unique: true,
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('evaluation_report_signatures');
  await qi.dropTable('evaluation_reports');
}
