import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** pending → running → done; a failing run goes back to pending (backoff) until it is out of attempts. */
export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** One unit of deadline work. payload and result are JSON text, read through the queue. */
export class JobRow extends Model<InferAttributes<JobRow>, InferCreationAttributes<JobRow>> {
  declare id: string;
  declare kind: string;
  declare key: string;
  declare runAt: Date;
  declare status: JobStatus;
  declare attempts: number;
  declare lastError: string | null;
  declare lockedBy: string | null;
  declare lockedUntil: Date | null;
  declare payload: string;
  declare result: string | null;
  /** Rises with every heartbeat, so a heartbeat always changes the row (see migration 0011). */
  declare heartbeats: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A named lease: whoever holds it until expiresAt is the leader for that name. */
export class LeaseRow extends Model<InferAttributes<LeaseRow>, InferCreationAttributes<LeaseRow>> {
  declare name: string;
  declare holder: string;
  declare expiresAt: Date;
  declare term: number;
  /** Rises with every renewal, so a renewal always changes the row (see migration 0011). */
  declare renewals: CreationOptional<number>;
}

/** Binds the models to one database (see initPartyModels for why subclasses). */
export function initJobModels(sequelize: Sequelize) {
  const Job = class extends JobRow {};
  Job.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      kind: { type: DataTypes.STRING(40), allowNull: false },
      key: { type: DataTypes.STRING(100), allowNull: false, field: 'job_key' },
      runAt: { type: DataTypes.DATE(3), allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
      lastError: { type: DataTypes.STRING(500), allowNull: true },
      lockedBy: { type: DataTypes.STRING(100), allowNull: true },
      lockedUntil: { type: DataTypes.DATE(3), allowNull: true },
      payload: { type: DataTypes.TEXT, allowNull: false },
      result: { type: DataTypes.TEXT, allowNull: true },
      heartbeats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'Job', tableName: 'jobs', underscored: true },
  );
  const Lease = class extends LeaseRow {};
  Lease.init(
    {
      name: { type: DataTypes.STRING(60), primaryKey: true },
      holder: { type: DataTypes.STRING(100), allowNull: false },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      term: { type: DataTypes.INTEGER, allowNull: false },
      renewals: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, modelName: 'Lease', tableName: 'leases', underscored: true, timestamps: false },
  );
  return { Job: Job as typeof JobRow, Lease: Lease as typeof LeaseRow };
}

export type JobModels = ReturnType<typeof initJobModels>;
