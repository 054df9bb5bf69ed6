import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * What the supervision screens keep of their own readings (issue 12):
 * - supervision_bid_files: each opened bid's attachments as read once after its section's opening record was
 *   published (SHA-256 and author / last editor / company per file, never the bytes) and the Art.40 people
 *   its form names, so a replayed event screens again without decrypting the bid again;
 * - supervision_bidder_outcomes: one row per bidder and concluded section (did it rank first), the history
 *   the win-rate screen aggregates by bidder.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = () => ({ type: DataTypes.DATE(3), allowNull: false });
  // A bid may list up to a thousand attachments: MEDIUMTEXT keeps MySQL from a 64 KB cap.
  const long = (allowNull = false) => ({
    type: dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT,
    allowNull,
  });

  await qi.createTable('supervision_bid_files', {
    bid_id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    bidder_party_id: s(36),
    version: { type: DataTypes.INTEGER, allowNull: false },
    files: long(),
    people: long(),
    problems: long(true),
    read_at: d(),
  });
  await qi.addIndex('supervision_bid_files', ['tender_id', 'section_id'], {
    name: 'supervision_bid_files_section',
  });

  await qi.createTable('supervision_bidder_outcomes', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: s(36),
    section_id: s(36),
    bidder_party_id: s(36),
    bidder_name: s(200),
    won: { type: DataTypes.BOOLEAN, allowNull: false },
    concluded_seq: { type: DataTypes.INTEGER, allowNull: false },
    created_at: d(),
  });
  // Once per bidder and section, whatever replays; and the per-bidder aggregate.
  await qi.addIndex('supervision_bidder_outcomes', ['section_id', 'bidder_party_id'], {
    name: 'supervision_bidder_outcomes_once',
    unique: true,
  });
  await qi.addIndex('supervision_bidder_outcomes', ['bidder_party_id', 'won'], {
    name: 'supervision_bidder_outcomes_bidder',
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('supervision_bidder_outcomes');
  await qi.dropTable('supervision_bid_files');
}
