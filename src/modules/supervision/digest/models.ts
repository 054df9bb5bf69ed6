import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One Beijing day's digest for supervisors (supervision_digests): its figures as JSON, once per date. */
export class SupervisionDigest extends Model<
  InferAttributes<SupervisionDigest>,
  InferCreationAttributes<SupervisionDigest>
> {
  declare id: string;
  /** The Beijing day it covers, YYYY-MM-DD; unique. */
  declare digestDate: string;
  /** JSON of DigestFigures. */
  declare figures: string;
  declare composedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the model to one database (see initPartyModels for why a subclass). */
export function initDigestModels(sequelize: Sequelize) {
  const BoundDigest = class extends SupervisionDigest {};
  BoundDigest.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      digestDate: { type: DataTypes.CHAR(10), allowNull: false, unique: true },
      figures: { type: DataTypes.TEXT, allowNull: false },
      composedAt: { type: DataTypes.DATE(3), allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'SupervisionDigest', tableName: 'supervision_digests', underscored: true },
  );
  return { SupervisionDigest: BoundDigest as typeof SupervisionDigest };
}

export type DigestModels = ReturnType<typeof initDigestModels>;
