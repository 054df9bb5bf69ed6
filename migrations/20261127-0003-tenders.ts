import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Tenders (招标项目) with their sections (标段), key custodians, clarifications and objections, and the
 * daily sequences that number projects. Money is integer fen (BIGINT); structured data is canonical JSON text.
 */
const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};
const id = { type: DataTypes.STRING(36), primaryKey: true };
const ref = (model: string, allowNull = false) => ({
  type: DataTypes.STRING(36),
  allowNull,
  references: { model, key: 'id' },
  onDelete: 'RESTRICT',
});

export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.createTable('code_sequences', {
    name: { type: DataTypes.STRING(32), primaryKey: true },
    last: { type: DataTypes.INTEGER, allowNull: false },
  });

  await qi.createTable('tenders', {
    id,
    code: { type: DataTypes.STRING(20), allowNull: false, unique: true },
    project_code: { type: DataTypes.STRING(17), allowNull: false },
    project_name: { type: DataTypes.STRING(200), allowNull: false },
    title: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    category: { type: DataTypes.STRING(1), allowNull: false },
    procurement_method: { type: DataTypes.STRING(1), allowNull: false },
    tenderee_party_id: ref('parties'),
    agency_party_id: ref('parties', true),
    region_code: { type: DataTypes.STRING(6), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    bid_validity_days: { type: DataTypes.INTEGER, allowNull: false },
    evaluation_method: { type: DataTypes.STRING(24), allowNull: false },
    evaluation_criteria: { type: DataTypes.TEXT, allowNull: false },
    bid_form_fields: { type: DataTypes.TEXT, allowNull: false },
    documents_from: { type: DataTypes.DATE(3), allowNull: false },
    documents_to: { type: DataTypes.DATE(3), allowNull: false },
    clarification_deadline: { type: DataTypes.DATE(3), allowNull: false },
    bid_deadline: { type: DataTypes.DATE(3), allowNull: false },
    custodian_threshold: { type: DataTypes.INTEGER, allowNull: false },
    published_at: { type: DataTypes.DATE(3), allowNull: true },
    cancelled_at: { type: DataTypes.DATE(3), allowNull: true },
    cancellation_reason: { type: DataTypes.STRING(500), allowNull: true },
    created_by: ref('users'),
    ...timestamps,
  });
  await qi.addIndex('tenders', ['status', 'bid_deadline']);
  await qi.addIndex('tenders', ['tenderee_party_id']);
  await qi.addIndex('tenders', ['agency_party_id']);

  await qi.createTable('tender_sections', {
    id,
    tender_id: ref('tenders'),
    position: { type: DataTypes.INTEGER, allowNull: false },
    code: { type: DataTypes.STRING(23), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    max_price_fen: { type: DataTypes.BIGINT, allowNull: true },
    estimated_price_fen: { type: DataTypes.BIGINT, allowNull: false },
    deposit_fen: { type: DataTypes.BIGINT, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('tender_sections', ['tender_id', 'position'], { unique: true });

  await qi.createTable('tender_custodians', {
    id,
    tender_id: ref('tenders'),
    position: { type: DataTypes.INTEGER, allowNull: false },
    user_id: ref('users'),
    // Frozen at publication: the certificate bidders encrypt key shares to.
    certificate_serial: { type: DataTypes.STRING(40), allowNull: true },
    certificate_pem: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('tender_custodians', ['tender_id', 'position'], { unique: true });
  await qi.addIndex('tender_custodians', ['tender_id', 'user_id'], { unique: true });

  await qi.createTable('tender_clarifications', {
    id,
    tender_id: ref('tenders'),
    number: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    title: { type: DataTypes.STRING(200), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    previous_bid_deadline: { type: DataTypes.DATE(3), allowNull: false },
    bid_deadline: { type: DataTypes.DATE(3), allowNull: false },
    published_at: { type: DataTypes.DATE(3), allowNull: false },
    created_by: ref('users'),
    ...timestamps,
  });
  await qi.addIndex('tender_clarifications', ['tender_id', 'number'], { unique: true });

  await qi.createTable('tender_objections', {
    id,
    tender_id: ref('tenders'),
    party_id: ref('parties'),
    submitted_by: ref('users'),
    content: { type: DataTypes.TEXT, allowNull: false },
    submitted_at: { type: DataTypes.DATE(3), allowNull: false },
    answer_due_at: { type: DataTypes.DATE(3), allowNull: false },
    answer: { type: DataTypes.TEXT, allowNull: true },
    answered_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('tender_objections', ['tender_id', 'answered_at']);
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  for (const table of [
    'tender_objections',
    'tender_clarifications',
    'tender_custodians',
    'tender_sections',
    'tenders',
    'code_sequences',
  ]) {
    await qi.dropTable(table);
  }
}
