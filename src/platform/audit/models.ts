import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class AuditEntry extends Model<InferAttributes<AuditEntry>, InferCreationAttributes<AuditEntry>> {
  declare seq: number;
  declare at: Date;
  declare actorUserId: string | null;
  declare actorRole: string | null;
  declare ip: string | null;
  declare requestId: string | null;
  declare action: string;
  declare subject: string;
  /** Canonical JSON, stored as text so every engine gives back the exact bytes that were hashed. */
  declare data: string;
  declare prevHash: string;
  declare hash: string;
}

export class AuditHead extends Model<InferAttributes<AuditHead>, InferCreationAttributes<AuditHead>> {
  declare id: CreationOptional<number>;
  declare seq: number;
  declare hash: string;
}

export class AuditCheckpoint extends Model<
  InferAttributes<AuditCheckpoint>,
  InferCreationAttributes<AuditCheckpoint>
> {
  declare seq: number;
  declare hash: string;
  declare at: Date;
  declare signature: string;
  declare signerFingerprint: string;
}

/** Binds the models to one database; each platform gets its own subclasses (no shared statics). */
export function initAuditModels(sequelize: Sequelize) {
  const common = { sequelize, underscored: true, timestamps: false } as const;
  const BoundEntry = class extends AuditEntry {};
  const BoundHead = class extends AuditHead {};
  const BoundCheckpoint = class extends AuditCheckpoint {};
  BoundEntry.init(
    {
      seq: { type: DataTypes.BIGINT, primaryKey: true },
      at: { type: DataTypes.DATE(3), allowNull: false },
      actorUserId: DataTypes.STRING(36),
      actorRole: DataTypes.STRING(16),
      ip: DataTypes.STRING(64),
      requestId: DataTypes.STRING(64),
      action: { type: DataTypes.STRING(64), allowNull: false },
      subject: { type: DataTypes.STRING(128), allowNull: false },
      data: { type: DataTypes.TEXT, allowNull: false },
      prevHash: { type: DataTypes.STRING(64), allowNull: false },
      hash: { type: DataTypes.STRING(64), allowNull: false },
    },
    { ...common, modelName: 'AuditEntry', tableName: 'audit_entries' },
  );
  BoundHead.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      seq: { type: DataTypes.BIGINT, allowNull: false },
      hash: { type: DataTypes.STRING(64), allowNull: false },
    },
    { ...common, modelName: 'AuditHead', tableName: 'audit_head' },
  );
  BoundCheckpoint.init(
    {
      seq: { type: DataTypes.BIGINT, primaryKey: true },
      hash: { type: DataTypes.STRING(64), allowNull: false },
      at: { type: DataTypes.DATE(3), allowNull: false },
      signature: { type: DataTypes.TEXT, allowNull: false },
      signerFingerprint: { type: DataTypes.STRING(64), allowNull: false },
    },
    { ...common, modelName: 'AuditCheckpoint', tableName: 'audit_checkpoints' },
  );
  return {
    AuditEntry: BoundEntry as typeof AuditEntry,
    AuditHead: BoundHead as typeof AuditHead,
    AuditCheckpoint: BoundCheckpoint as typeof AuditCheckpoint,
  };
}

export type AuditModels = ReturnType<typeof initAuditModels>;
