import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export const PARTY_KINDS = ['tenderee', 'agency', 'bidder', 'intermediary'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];

/** A market entity (市场主体): a tenderee, an agency, a bidder or an intermediary service firm. */
export class Party extends Model<InferAttributes<Party>, InferCreationAttributes<Party>> {
  declare id: string;
  declare name: string;
  /** 统一社会信用代码 */
  declare uscc: string;
  declare kind: PartyKind;
  /** GB/T 2260 administrative division code. */
  declare regionCode: string;
  declare contactName: string;
  declare contactPhone: string;
  declare contactEmail: string | null;
  declare address: string | null;
  declare status: PartyStatus;
  declare verifiedAt: Date | null;
  declare verifiedBy: string | null;
  declare rejectionReason: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/**
 * Binds the models to one database. Each platform gets its own subclasses, so two platforms in one
 * process (as in tests) never share a connection through a static model.
 */
export function initPartyModels(sequelize: Sequelize) {
  const BoundParty = class extends Party {};
  BoundParty.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      uscc: { type: DataTypes.STRING(18), allowNull: false, unique: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      regionCode: { type: DataTypes.STRING(6), allowNull: false },
      contactName: { type: DataTypes.STRING(64), allowNull: false },
      contactPhone: { type: DataTypes.STRING(32), allowNull: false },
      contactEmail: { type: DataTypes.STRING(254), allowNull: true },
      address: { type: DataTypes.STRING(300), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      verifiedAt: { type: DataTypes.DATE(3), allowNull: true },
      verifiedBy: { type: DataTypes.STRING(36), allowNull: true },
      rejectionReason: { type: DataTypes.STRING(500), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'Party', tableName: 'parties', underscored: true },
  );
  return { Party: BoundParty as typeof Party };
}

export type PartyModels = ReturnType<typeof initPartyModels>;
