import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Candidate publicity (中标候选人公示, SS Art.54) and the award (定标, 中标通知书, ZB Art.45), issue 13: the
 * completed evaluation reports the award module has taken in, each section's publicity, its award and the
 * signed letters to the bidders. Objections to the candidates reuse the tenders module's objections table,
 * told apart by `stage` and tied to their section.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  const int = { type: DataTypes.INTEGER, allowNull: false };
  const money = { type: DataTypes.BIGINT, allowNull: false };
  const stamps = { created_at: d(), updated_at: d() };

  await qi.createTable('award_reports', {
    // The evaluation report's own id: one row per completed report.
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    evaluation_id: s(36),
    digest: s(64),
    completed_at: d(),
    candidates: text(),
    superseded_at: d(true),
    ...stamps,
  });
  await qi.addIndex('award_reports', ['section_id', 'completed_at'], { name: 'award_reports_section' });
  await qi.addIndex('award_reports', ['tender_id'], { name: 'award_reports_tender' });

  await qi.createTable('award_publicities', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    report_id: s(36),
    starts_at: d(),
    ends_at: d(),
    published_at: d(),
    published_by: s(36),
    notice_id: s(36, true),
    ...stamps,
  });
  await qi.addIndex('award_publicities', ['report_id'], { name: 'award_publicities_report', unique: true });
  await qi.addIndex('award_publicities', ['tender_id'], { name: 'award_publicities_tender' });

  await qi.createTable('awards', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    publicity_id: s(36),
    report_id: s(36),
    bid_id: s(36),
    bidder_party_id: s(36),
    bidder_name: s(200),
    candidate_rank: int,
    price_fen: money,
    // The candidates passed over before the winner, each with its ground and written reason (JSON).
    passed_over: text(),
    confirmed_at: d(),
    confirmed_by: s(36),
    notice_id: s(36, true),
    ...stamps,
  });
  await qi.addIndex('awards', ['section_id'], { name: 'awards_section', unique: true });
  await qi.addIndex('awards', ['tender_id'], { name: 'awards_tender' });

  await qi.createTable('award_letters', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    award_id: s(36),
    tender_id: s(36),
    kind: s(16),
    bid_id: s(36),
    party_id: s(36),
    // The letter as signed: its canonical JSON, the platform's RSA-PSS signature and certificate fingerprint.
    payload: text(),
    signature: text(),
    fingerprint: s(128),
    issued_at: d(),
    ...stamps,
  });
  await qi.addIndex('award_letters', ['award_id'], { name: 'award_letters_award' });
  await qi.addIndex('award_letters', ['party_id'], { name: 'award_letters_party' });

  await qi.addColumn('tender_objections', 'stage', {
    type: DataTypes.STRING(16),
    allowNull: false,
    defaultValue: 'documents',
  });
  await qi.addColumn('tender_objections', 'section_id', { type: DataTypes.STRING(36), allowNull: true });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.removeColumn('tender_objections', 'section_id');
  await qi.removeColumn('tender_objections', 'stage');
  for (const table of ['award_letters', 'awards', 'award_publicities', 'award_reports'])
    await qi.dropTable(table);
}
