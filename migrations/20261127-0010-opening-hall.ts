import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The opening hall (开标大厅): one row per tender whose hall saw an event, holding the per-tender sequence
 * counters (its lock orders writers of one tender), and the hall's events in order: check-ins (签到),
 * objections (异议) and their answers, and the opening's domain events relayed. Events are never changed.
 */
const tenderRef = {
  type: DataTypes.STRING(36),
  allowNull: false,
  references: { model: 'tenders', key: 'id' },
};
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });

export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.createTable('opening_halls', {
    tender_id: { ...tenderRef, primaryKey: true },
    // Every event's number, and the number of those everyone may see (a gap in the public numbers would
    // count the events hidden from the public, e.g. check-ins before the deadline).
    last_seq: { type: DataTypes.INTEGER, allowNull: false },
    last_public_seq: { type: DataTypes.INTEGER, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });

  await qi.createTable('opening_hall_events', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    tender_id: tenderRef,
    seq: { type: DataTypes.INTEGER, allowNull: false },
    public_seq: { type: DataTypes.INTEGER, allowNull: true },
    kind: str(32),
    // What may happen once per tender: `check-in:<partyId>`, `answer:<objectionId>`, `bid-settled:<bidId>`.
    once_key: str(100, true),
    // `<userId>:<client event id>`: a client's retry finds the event it already made.
    client_key: str(110, true),
    actor_user_id: str(36, true),
    actor_role: str(16, true),
    actor_party_id: str(36, true),
    actor_name: str(200, true),
    ip: str(64, true),
    at: { type: DataTypes.DATE(3), allowNull: false },
    data: { type: DataTypes.TEXT, allowNull: false },
  });
  await qi.addIndex('opening_hall_events', ['tender_id', 'seq'], { unique: true, name: 'hall_events_seq' });
  await qi.addIndex('opening_hall_events', ['tender_id', 'public_seq'], {
    unique: true,
    name: 'hall_events_public_seq',
  });
  await qi.addIndex('opening_hall_events', ['tender_id', 'once_key'], {
    unique: true,
    name: 'hall_events_once',
  });
  await qi.addIndex('opening_hall_events', ['client_key'], { unique: true, name: 'hall_events_client' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('opening_hall_events');
  await qi.dropTable('opening_halls');
}
