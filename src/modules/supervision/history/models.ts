import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * An opened bid's attachments and named people as the screens read them once after the opening
 * (supervision_bid_files): hashes and metadata, never a byte of the files.
 */
export class ScreenedBid extends Model<InferAttributes<ScreenedBid>, InferCreationAttributes<ScreenedBid>> {
  declare bidId: string;
  declare tenderId: string;
  declare sectionId: string;
  declare bidderPartyId: string;
  declare version: number;
  /** JSON of BidFile[] (screens/same-file.ts). */
  declare files: string;
  /** JSON of { role, label, name }[]: the Art.40 people the form names (screens/deemed-collusion.ts). */
  declare people: string;
  /** JSON of string[]: what could not be read, for the log and a supervisor's question. */
  declare problems: string | null;
  declare readAt: Date;
}

/** A bidder's place in one concluded section (supervision_bidder_outcomes): the win-rate history. */
export class BidderOutcome extends Model<
  InferAttributes<BidderOutcome>,
  InferCreationAttributes<BidderOutcome>
> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare bidderPartyId: string;
  declare bidderName: string;
  declare won: boolean;
  declare concludedSeq: number;
  declare createdAt: CreationOptional<Date>;
}

/** Binds the screens' own tables (see initPartyModels for why subclasses). */
export function initScreenHistoryModels(sequelize: Sequelize) {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const BoundBid = class extends ScreenedBid {};
  BoundBid.init(
    {
      bidId: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: s(36),
      sectionId: s(36),
      bidderPartyId: s(36),
      version: { type: DataTypes.INTEGER, allowNull: false },
      files: { type: DataTypes.TEXT, allowNull: false },
      people: { type: DataTypes.TEXT, allowNull: false },
      problems: { type: DataTypes.TEXT, allowNull: true },
      readAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    {
      sequelize,
      modelName: 'ScreenedBid',
      tableName: 'supervision_bid_files',
      underscored: true,
      timestamps: false,
    },
  );
  const BoundOutcome = class extends BidderOutcome {};
  BoundOutcome.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: s(36),
      sectionId: s(36),
      bidderPartyId: s(36),
      bidderName: s(200),
      won: { type: DataTypes.BOOLEAN, allowNull: false },
      concludedSeq: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    {
      sequelize,
      modelName: 'BidderOutcome',
      tableName: 'supervision_bidder_outcomes',
      underscored: true,
      updatedAt: false,
    },
  );
  return { ScreenedBid: BoundBid as typeof ScreenedBid, BidderOutcome: BoundOutcome as typeof BidderOutcome };
}

export type ScreenHistoryModels = ReturnType<typeof initScreenHistoryModels>;
