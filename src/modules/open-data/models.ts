import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * One OCDS release: a snapshot of a tender at one step, stored as the JSON that was published and never
 * changed afterwards (OCDS releases are immutable; a later step is a new release).
 */
export class OcdsRelease extends Model<InferAttributes<OcdsRelease>, InferCreationAttributes<OcdsRelease>> {
  declare id: string;
  declare tenderId: string;
  /** 1, 2, ... within the tender: the order of its record. */
  declare position: number;
  declare ocid: string;
  declare releaseId: string;
  /** The release's tags, comma-separated (for filtering without parsing the JSON). */
  declare tag: string;
  declare date: Date;
  declare json: string;
}

/** Binds the models to one database (see initPartyModels for why subclasses). */
export function initOpenDataModels(sequelize: Sequelize) {
  const BoundRelease = class extends OcdsRelease {};
  BoundRelease.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: { type: DataTypes.STRING(36), allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      ocid: { type: DataTypes.STRING(64), allowNull: false },
      releaseId: { type: DataTypes.STRING(100), allowNull: false },
      tag: { type: DataTypes.STRING(100), allowNull: false },
      date: { type: DataTypes.DATE(3), allowNull: false },
      json: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, modelName: 'OcdsRelease', tableName: 'ocds_releases', underscored: true, timestamps: false },
  );
  return { OcdsRelease: BoundRelease as typeof OcdsRelease };
}

export type OpenDataModels = ReturnType<typeof initOpenDataModels>;
