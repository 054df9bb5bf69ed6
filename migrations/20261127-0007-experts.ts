import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The unified expert pool (综合评标专家库) and the random draw (docs/design.md §8): the classification catalog,
 * experts (ID numbers only encrypted, with a keyed hash for lookups), their specialties, declared conflicts and
 * unavailable days, ratings and sanctions; draws with their members, and each expert's in-app inbox.
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

export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  // LONGTEXT on MySQL: a draw record keeps the snapshot of every eligible candidate (a large pool is megabytes).
  const longText = dialect === 'mysql' ? DataTypes.TEXT('long') : DataTypes.TEXT;

  await qi.createTable('expert_catalog', {
    code: { type: DataTypes.STRING(16), primaryKey: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    parent_code: { type: DataTypes.STRING(16), allowNull: true },
    level: { type: DataTypes.INTEGER, allowNull: false },
    ...timestamps,
  });

  await qi.createTable('experts', {
    id,
    name: { type: DataTypes.STRING(64), allowNull: false },
    id_number_cipher: { type: DataTypes.STRING(200), allowNull: false },
    id_number_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
    id_number_masked: { type: DataTypes.CHAR(18), allowNull: false },
    employer_uscc: { type: DataTypes.CHAR(18), allowNull: true },
    employer_name: { type: DataTypes.STRING(200), allowNull: true },
    region_code: { type: DataTypes.CHAR(6), allowNull: false },
    title: { type: DataTypes.STRING(64), allowNull: false },
    years_of_practice: { type: DataTypes.INTEGER, allowNull: false },
    phone: { type: DataTypes.STRING(32), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    credit_score: { type: DataTypes.INTEGER, allowNull: false },
    user_id: { ...ref('users', true), unique: true },
    ...timestamps,
  });
  await qi.addIndex('experts', ['created_at', 'id'], { name: 'experts_page' });
  await qi.addIndex('experts', ['status', 'created_at', 'id'], { name: 'experts_page_by_status' });
  await qi.addIndex('experts', ['region_code'], { name: 'experts_region' });
  await qi.addIndex('experts', ['employer_uscc'], { name: 'experts_employer' });

  await qi.createTable('expert_specialties', {
    expert_id: { ...ref('experts'), primaryKey: true },
    code: { type: DataTypes.STRING(16), primaryKey: true },
  });
  await qi.addIndex('expert_specialties', ['code', 'expert_id'], { name: 'expert_specialties_code' });

  await qi.createTable('expert_conflicts', {
    id,
    expert_id: ref('experts'),
    party_uscc: { type: DataTypes.CHAR(18), allowNull: false },
    relation: { type: DataTypes.STRING(100), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('expert_conflicts', ['expert_id', 'party_uscc'], {
    unique: true,
    name: 'expert_conflicts_unique',
  });

  await qi.createTable('expert_unavailable_days', {
    expert_id: { ...ref('experts'), primaryKey: true },
    // A China calendar date, YYYY-MM-DD: compares as text.
    day: { type: DataTypes.CHAR(10), primaryKey: true },
  });

  await qi.createTable('expert_draws', {
    id,
    tender_id: ref('tenders'),
    section_id: ref('tender_sections'),
    tenderee_party_id: ref('parties'),
    agency_party_id: ref('parties', true),
    requested_by: ref('users'),
    supervisor_user_id: ref('users'),
    status: { type: DataTypes.STRING(16), allowNull: false },
    request_digest: { type: DataTypes.CHAR(64), allowNull: false },
    commitment: { type: DataTypes.CHAR(64), allowNull: false },
    // The secret, encrypted like ID numbers: readable by nobody before the announcement, even with the database.
    secret_cipher: { type: DataTypes.STRING(200), allowNull: false },
    entropy: { type: DataTypes.STRING(128), allowNull: true },
    bidder_usccs: { type: DataTypes.TEXT, allowNull: false },
    respond_minutes: { type: DataTypes.INTEGER, allowNull: false },
    record: { type: longText, allowNull: false },
    witnessed_at: { type: DataTypes.DATE(3), allowNull: true },
    drawn_at: { type: DataTypes.DATE(3), allowNull: true },
    announced_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('expert_draws', ['tender_id'], { name: 'expert_draws_tender' });
  await qi.addIndex('expert_draws', ['supervisor_user_id'], { name: 'expert_draws_supervisor' });

  await qi.createTable('expert_draw_members', {
    id,
    draw_id: ref('expert_draws'),
    expert_id: ref('experts'),
    slot: { type: DataTypes.INTEGER, allowNull: false },
    locality: { type: DataTypes.STRING(8), allowNull: false },
    // The draw step that chose this member: 0 the initial draw, then one per redraw.
    step: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    respond_by: { type: DataTypes.DATE(3), allowNull: false },
    responded_at: { type: DataTypes.DATE(3), allowNull: true },
    decline_reason: { type: DataTypes.STRING(300), allowNull: true },
    // The evaluation day and tenderee, copied for the same-tenderee cooldown rule without a join.
    tenderee_uscc: { type: DataTypes.CHAR(18), allowNull: false },
    evaluation_date: { type: DataTypes.CHAR(10), allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('expert_draw_members', ['draw_id', 'expert_id'], {
    unique: true,
    name: 'expert_draw_members_unique',
  });
  await qi.addIndex('expert_draw_members', ['status', 'respond_by'], { name: 'expert_draw_members_due' });
  await qi.addIndex('expert_draw_members', ['expert_id', 'evaluation_date'], {
    name: 'expert_draw_members_expert',
  });

  await qi.createTable('expert_ratings', {
    id,
    expert_id: ref('experts'),
    draw_id: ref('expert_draws'),
    rater_kind: { type: DataTypes.STRING(16), allowNull: false },
    rater_user_id: ref('users'),
    score: { type: DataTypes.INTEGER, allowNull: false },
    comment: { type: DataTypes.STRING(1000), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('expert_ratings', ['draw_id', 'expert_id', 'rater_kind'], {
    unique: true,
    name: 'expert_ratings_once',
  });
  await qi.addIndex('expert_ratings', ['expert_id'], { name: 'expert_ratings_expert' });

  await qi.createTable('expert_sanctions', {
    id,
    expert_id: ref('experts'),
    action: { type: DataTypes.STRING(16), allowNull: false },
    reason: { type: DataTypes.STRING(500), allowNull: false },
    decided_by: ref('users'),
    title: { type: DataTypes.STRING(300), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    published_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('expert_sanctions', ['published_at', 'id'], { name: 'expert_sanctions_feed' });
  await qi.addIndex('expert_sanctions', ['expert_id'], { name: 'expert_sanctions_expert' });

  await qi.createTable('expert_inbox', {
    id,
    expert_id: ref('experts'),
    draw_id: ref('expert_draws', true),
    kind: { type: DataTypes.STRING(24), allowNull: false },
    title: { type: DataTypes.STRING(300), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    read_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('expert_inbox', ['expert_id', 'created_at', 'id'], { name: 'expert_inbox_page' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  for (const table of [
    'expert_inbox',
    'expert_sanctions',
    'expert_ratings',
    'expert_draw_members',
    'expert_draws',
    'expert_unavailable_days',
    'expert_conflicts',
    'expert_specialties',
    'experts',
    'expert_catalog',
  ]) {
    await qi.dropTable(table);
  }
}
