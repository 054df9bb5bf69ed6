import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { InstructionKind } from './schemas.js';

/** One supervisory instruction on a tender (supervision_instructions), with its number JG-yyyy-nnnn. */
export class SupervisionInstruction extends Model<
  InferAttributes<SupervisionInstruction>,
  InferCreationAttributes<SupervisionInstruction>
> {
  declare id: string;
  declare code: string;
  declare kind: InstructionKind;
  declare tenderId: string;
  declare reason: string;
  declare issuedAt: Date;
  declare issuedBy: string;
  declare issuedByName: string | null;
  declare noticeId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the model to one database (see initPartyModels for why a subclass). */
export function initInstructionModels(sequelize: Sequelize) {
  const Bound = class extends SupervisionInstruction {};
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  Bound.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      code: s(20),
      kind: s(16),
      tenderId: s(36),
      reason: s(500),
      issuedAt: d(),
      issuedBy: s(36),
      issuedByName: s(200, true),
      noticeId: s(36, true),
      createdAt: d(),
      updatedAt: d(),
    },
    {
      sequelize,
      modelName: 'SupervisionInstruction',
      tableName: 'supervision_instructions',
      underscored: true,
    },
  );
  return { SupervisionInstruction: Bound as typeof SupervisionInstruction };
}

export type InstructionModels = ReturnType<typeof initInstructionModels>;
