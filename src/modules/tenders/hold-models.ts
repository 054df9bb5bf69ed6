import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * A supervisory hold on a tender (tender_holds): placed by a suspension instruction (监督暂停), lifted by a
 * resumption. Orthogonal to the tender's status: a tender may be held in any status, and while a row of
 * its has no `liftedAt` every trading-side action on it is refused with the instruction's code.
 */
export class TenderHold extends Model<InferAttributes<TenderHold>, InferCreationAttributes<TenderHold>> {
  declare id: string;
  declare tenderId: string;
  /** The supervision instruction that placed it, and its human number (JG-2026-0001). */
  declare instructionId: string;
  declare instructionCode: string;
  declare reason: string;
  declare placedAt: Date;
  declare placedBy: string;
  declare liftedAt: Date | null;
  declare liftedBy: string | null;
  declare liftInstructionId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the hold model to one database (see initPartyModels for why a subclass). */
export function initHoldModels(sequelize: Sequelize) {
  const BoundHold = class extends TenderHold {};
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  BoundHold.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: s(36),
      instructionId: s(36),
      instructionCode: s(20),
      reason: s(500),
      placedAt: d(),
      placedBy: s(36),
      liftedAt: d(true),
      liftedBy: s(36, true),
      liftInstructionId: s(36, true),
      createdAt: d(),
      updatedAt: d(),
    },
    { sequelize, modelName: 'TenderHold', tableName: 'tender_holds', underscored: true },
  );
  return { TenderHold: BoundHold as typeof TenderHold };
}

export type HoldModels = ReturnType<typeof initHoldModels>;
