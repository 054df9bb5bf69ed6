import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { HallEventKind } from './kinds.js';

/** A tender's hall: its sequence counters. Locking this row orders the hall's writers for one tender. */
export class OpeningHall extends Model<InferAttributes<OpeningHall>, InferCreationAttributes<OpeningHall>> {
  declare tenderId: string;
  declare lastSeq: number;
  declare lastPublicSeq: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One step in the hall, in order; written once, before anyone is told about it. */
export class HallEvent extends Model<InferAttributes<HallEvent>, InferCreationAttributes<HallEvent>> {
  declare id: string;
  declare tenderId: string;
  declare seq: number;
  /** Its number among the events everyone sees; null for one only supervisors (and its author) see. */
  declare publicSeq: number | null;
  declare kind: HallEventKind;
  declare onceKey: string | null;
  declare clientKey: string | null;
  declare actorUserId: string | null;
  declare actorRole: string | null;
  declare actorPartyId: string | null;
  declare actorName: string | null;
  declare ip: string | null;
  declare at: Date;
  /** JSON of the kind's data (HallEventData). */
  declare data: string;
}

/** Binds the hall models to one database (see initPartyModels for why subclasses). */
export function initOpeningHallModels(sequelize: Sequelize) {
  const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const BoundHall = class extends OpeningHall {};
  BoundHall.init(
    {
      tenderId: { type: DataTypes.STRING(36), primaryKey: true },
      lastSeq: { type: DataTypes.INTEGER, allowNull: false },
      lastPublicSeq: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'OpeningHall', tableName: 'opening_halls', underscored: true },
  );
  const BoundEvent = class extends HallEvent {};
  BoundEvent.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      seq: { type: DataTypes.INTEGER, allowNull: false },
      publicSeq: { type: DataTypes.INTEGER, allowNull: true },
      kind: str(32),
      onceKey: str(100, true),
      clientKey: str(110, true),
      actorUserId: str(36, true),
      actorRole: str(16, true),
      actorPartyId: str(36, true),
      actorName: str(200, true),
      ip: str(64, true),
      at: { type: DataTypes.DATE(3), allowNull: false },
      data: { type: DataTypes.TEXT, allowNull: false },
    },
    {
      sequelize,
      modelName: 'HallEvent',
      tableName: 'opening_hall_events',
      underscored: true,
      timestamps: false,
    },
  );
  return { OpeningHall: BoundHall as typeof OpeningHall, HallEvent: BoundEvent as typeof HallEvent };
}

export type OpeningHallModels = ReturnType<typeof initOpeningHallModels>;
