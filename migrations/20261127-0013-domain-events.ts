import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The durable domain event stream (src/platform/events): each event written in the transaction of the change
 * it describes, numbered by `seq`, and the cursors of the consumers that read it.
 *
 * `seq` is allocated from `audit_head.event_seq` while the writer holds that row's lock (the audit chain's
 * lock), so the numbers are dense and follow commit order: a reader that has seen event N has seen every
 * event below N, and never skips one that committed late.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  await qi.addColumn('audit_head', 'event_seq', {
    type: DataTypes.BIGINT,
    allowNull: false,
    defaultValue: 0,
  });
  // MEDIUMTEXT on MySQL: an event's data is small, but a 64 KB cap would fail a change, not just the event.
  const json = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
  await qi.createTable('domain_events', {
    seq: { type: DataTypes.BIGINT, primaryKey: true },
    type: { type: DataTypes.STRING(60), allowNull: false },
    tender_id: { type: DataTypes.STRING(36), allowNull: true },
    actor_user_id: { type: DataTypes.STRING(36), allowNull: true },
    actor_role: { type: DataTypes.STRING(16), allowNull: true },
    actor_name: { type: DataTypes.STRING(200), allowNull: true },
    ip: { type: DataTypes.STRING(64), allowNull: false },
    request_id: { type: DataTypes.STRING(100), allowNull: false },
    at: { type: DataTypes.DATE(3), allowNull: false },
    // Canonical JSON of the event's payload (DomainEvents[type]).
    data: { type: json, allowNull: false },
  });
  await qi.addIndex('domain_events', ['tender_id', 'seq'], { name: 'domain_events_tender' });
  await qi.addIndex('domain_events', ['type', 'seq'], { name: 'domain_events_type' });

  await qi.createTable('event_cursors', {
    consumer: { type: DataTypes.STRING(60), primaryKey: true },
    // The last event this consumer handled (0: none yet); moved in the transaction that handled it.
    last_seq: { type: DataTypes.BIGINT, allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('event_cursors');
  await qi.dropTable('domain_events');
  await qi.removeColumn('audit_head', 'event_seq');
}
