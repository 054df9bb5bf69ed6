import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The contract (合同, ZB Art.46, SS Art.57) of each awarded section, the winner's refusal to sign (SS Art.74),
 * the return of the bid deposits within 5 days of signing (SS Art.57) and the performance (履约): milestones,
 * payments, changes, acceptance and termination, issue 13.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  const money = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
  const stamps = { created_at: d(), updated_at: d() };

  await qi.createTable('contracts', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    award_id: s(36),
    supplier_party_id: s(36),
    supplier_name: s(200),
    // 'signed' → 'performance' (first record) → 'accepted' | 'terminated'.
    status: s(16),
    price_fen: money(),
    subject: text(),
    quality: text(),
    payment_method: text(),
    starts_on: s(10),
    due_at: d(),
    signed_at: d(),
    // After the 30 days of ZB Art.46: recorded all the same, flagged.
    late: { type: DataTypes.BOOLEAN, allowNull: false },
    recorded_by: s(36),
    notice_id: s(36, true),
    accepted_at: d(true),
    terminated_at: d(true),
    end_reason: text(true),
    fault_of: s(16, true),
    ...stamps,
  });
  await qi.addIndex('contracts', ['section_id'], { name: 'contracts_section', unique: true });
  await qi.addIndex('contracts', ['tender_id'], { name: 'contracts_tender' });
  await qi.addIndex('contracts', ['supplier_party_id'], { name: 'contracts_supplier' });

  await qi.createTable('contract_refusals', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    award_id: s(36),
    supplier_party_id: s(36),
    reason: text(),
    at: d(),
    recorded_by: s(36),
    ...stamps,
  });
  await qi.addIndex('contract_refusals', ['award_id'], { name: 'contract_refusals_award', unique: true });

  await qi.createTable('contract_deposit_returns', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    contract_id: s(36),
    tender_id: s(36),
    bidder_party_id: s(36),
    bidder_name: s(200),
    amount_fen: money(),
    returned_at: d(),
    late: { type: DataTypes.BOOLEAN, allowNull: false },
    recorded_by: s(36),
    ...stamps,
  });
  await qi.addIndex('contract_deposit_returns', ['contract_id', 'bidder_party_id'], {
    name: 'contract_deposit_returns_bidder',
    unique: true,
  });

  // Milestones, payments and changes (合同变更), one table told apart by `kind`.
  await qi.createTable('contract_performance_records', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    contract_id: s(36),
    tender_id: s(36),
    kind: s(16),
    description: text(),
    planned_at: d(true),
    actual_at: d(true),
    amount_fen: money(true),
    at: d(),
    recorded_by: s(36),
    ...stamps,
  });
  await qi.addIndex('contract_performance_records', ['contract_id', 'kind'], {
    name: 'contract_performance_records_contract',
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  for (const table of [
    'contract_performance_records',
    'contract_deposit_returns',
    'contract_refusals',
    'contracts',
  ])
    await qi.dropTable(table);
}
