import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The remote evaluation (远程异地评标, docs/domain.md §4-§5): one evaluation per tender section, its committee,
 * the bids it admitted, the members' signed sheets (every version kept), the clarifications asked of bidders
 * and the numbered timeline supervisors watch. Everything the room shows lives here, never only in memory.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const t = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  const i = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
  // A signed sheet carries its canonical JSON and a 4096-bit signature: MEDIUMTEXT keeps MySQL from a 64 KB cap.
  const long = (allowNull = false) => ({
    type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT,
    allowNull,
  });
  const stamps = { created_at: d(), updated_at: d() };

  await qi.createTable('evaluations', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    draw_id: s(36),
    step: s(16),
    plan: t(),
    leader_member_id: s(36, true),
    last_seq: i(),
    started_at: d(),
    scheduled_end_at: d(),
    extensions: i(),
    concluded_at: d(true),
    result: long(true),
    ...stamps,
  });
  // One evaluation per section: the consumer that creates it may see its events twice.
  await qi.addIndex('evaluations', ['tender_id', 'section_id'], {
    name: 'evaluations_section',
    unique: true,
  });

  await qi.createTable('evaluation_members', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    evaluation_id: s(36),
    kind: s(16),
    expert_id: s(36, true),
    user_id: s(36),
    name: s(200),
    state: s(16),
    declaration: t(true),
    declaration_signature: t(true),
    certificate_serial: s(64, true),
    declared_at: d(true),
    replaced_at: d(true),
    replaced_reason: s(500, true),
    leader_vote: s(36, true),
    time_short_at: d(true),
    ...stamps,
  });
  await qi.addIndex('evaluation_members', ['evaluation_id', 'user_id'], {
    name: 'evaluation_members_user',
    unique: true,
  });
  await qi.addIndex('evaluation_members', ['user_id'], { name: 'evaluation_members_by_user' });

  await qi.createTable('evaluation_bids', {
    evaluation_id: { type: DataTypes.STRING(36), primaryKey: true },
    bid_id: { type: DataTypes.STRING(36), primaryKey: true },
    bidder_party_id: s(36),
    bidder_name: s(200),
    price_fen: { type: DataTypes.BIGINT, allowNull: false },
    received_at: d(),
    attachments: t(),
    rejection_code: s(40, true),
    rejection_reason: s(500, true),
    flags: s(500),
    review_outcome: s(8, true),
    price_score: i(true),
    score: i(true),
    technical_score: i(true),
    rank: i(true),
  });

  await qi.createTable('evaluation_sheets', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    evaluation_id: s(36),
    member_id: s(36),
    bid_id: s(36),
    kind: s(8),
    version: i(),
    payload: long(),
    signature: t(),
    certificate_serial: s(64),
    correction_reason: s(32, true),
    correction_note: s(500, true),
    void: { type: DataTypes.BOOLEAN, allowNull: false },
    submitted_at: d(),
  });
  // A version is written once: two nodes racing on the same sheet cannot both write version N.
  await qi.addIndex('evaluation_sheets', ['evaluation_id', 'member_id', 'bid_id', 'kind', 'version'], {
    name: 'evaluation_sheets_version',
    unique: true,
  });

  await qi.createTable('evaluation_clarifications', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    evaluation_id: s(36),
    tender_id: s(36),
    bid_id: s(36),
    bidder_party_id: s(36),
    question: t(),
    asked_by_member_id: s(36),
    asked_at: d(),
    answer_deadline: d(),
    answer: t(true),
    answered_by_user_id: s(36, true),
    answered_at: d(true),
    ...stamps,
  });
  await qi.addIndex('evaluation_clarifications', ['bidder_party_id'], {
    name: 'evaluation_clarifications_bidder',
  });

  await qi.createTable('evaluation_log', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    evaluation_id: s(36),
    seq: i(),
    event_id: s(64, true),
    kind: s(40),
    actor_user_id: s(36, true),
    actor_name: s(200, true),
    actor_role: s(16, true),
    ip: s(64, true),
    at: d(),
    data: long(),
    answer: long(true),
  });
  await qi.addIndex('evaluation_log', ['evaluation_id', 'seq'], { name: 'evaluation_log_seq', unique: true });
  // A retried step (same client event id) finds its first answer instead of acting twice.
  await qi.addIndex('evaluation_log', ['evaluation_id', 'event_id'], {
    name: 'evaluation_log_event',
    unique: true,
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  for (const table of [
    'evaluation_log',
    'evaluation_clarifications',
    'evaluation_sheets',
    'evaluation_bids',
    'evaluation_members',
    'evaluations',
  ])
    await qi.dropTable(table);
}
