import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * The durable scheduler (src/platform/jobs): deadline work kept as rows, so it survives restarts, and the
 * lease that elects the one node that runs it. Times are DATE(3): a job is due to the millisecond.
 */
export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  // MEDIUMTEXT on MySQL: a handler's result (e.g. an opening's summary) may outgrow 64 KB.
  const json = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
  await qi.createTable('jobs', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    kind: { type: DataTypes.STRING(40), allowNull: false },
    // What the job is about within its kind, e.g. the tender id for an opening: one job per (kind, key).
    // Not named `key`, a reserved word in MySQL.
    job_key: { type: DataTypes.STRING(100), allowNull: false },
    run_at: { type: DataTypes.DATE(3), allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.STRING(500), allowNull: true },
    locked_by: { type: DataTypes.STRING(100), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    payload: { type: json, allowNull: false },
    result: { type: json, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('jobs', ['kind', 'job_key'], { unique: true, name: 'jobs_kind_key' });
  // The runner's two questions: which pending jobs are due, and which running jobs' locks have lapsed.
  await qi.addIndex('jobs', ['status', 'run_at'], { name: 'jobs_due' });
  await qi.addIndex('jobs', ['status', 'locked_until'], { name: 'jobs_lapsed' });

  await qi.createTable('leases', {
    name: { type: DataTypes.STRING(60), primaryKey: true },
    holder: { type: DataTypes.STRING(100), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    // Rises each time the lease changes hands, so a log line can tell one term of leadership from the next.
    term: { type: DataTypes.INTEGER, allowNull: false },
  });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('leases');
  await qi.dropTable('jobs');
}
