import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Supervisory instructions (监督指令, issue 12): `supervision_instructions` records each one a supervisor
 * issues on a tender (suspension, resumption, re-evaluation) with its reason and human number JG-yyyy-nnnn;
 * `tender_holds` is the tenders module's own record of a suspension in force, which every trading-side
 * action checks. A hold without `lifted_at` is active; at most one per tender (checked under the tender's
 * row lock).
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

  await qi.createTable('tender_holds', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    instruction_id: s(36),
    instruction_code: s(20),
    reason: s(500),
    placed_at: d(),
    placed_by: s(36),
    lifted_at: d(true),
    lifted_by: s(36, true),
    lift_instruction_id: s(36, true),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('tender_holds', ['tender_id', 'lifted_at'], { name: 'tender_holds_tender' });

  await qi.createTable('supervision_instructions', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    code: s(20),
    kind: s(16),
    tender_id: s(36),
    reason: s(500),
    issued_at: d(),
    issued_by: s(36),
    issued_by_name: s(200, true),
    notice_id: s(36, true),
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('supervision_instructions', ['code'], {
    name: 'supervision_instructions_code',
    unique: true,
  });
  await qi.addIndex('supervision_instructions', ['tender_id', 'issued_at'], {
    name: 'supervision_instructions_tender',
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('supervision_instructions');
  await qi.dropTable('tender_holds');
}
