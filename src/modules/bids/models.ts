import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type BidStatus = 'submitted' | 'withdrawn';

/** A bidder's bid for one section: which version counts now, and whether it was withdrawn. */
export class Bid extends Model<InferAttributes<Bid>, InferCreationAttributes<Bid>> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare bidderPartyId: string;
  declare status: BidStatus;
  /** The newest version, the one that counts (EB Art.27). */
  declare currentVersion: number;
  declare withdrawnAt: Date | null;
  /** The signed withdrawal receipt, JSON exactly as sent. */
  declare withdrawalReceipt: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One uploaded sealed file, as checked and received; never changed but for an expired idempotency key. */
export class BidVersion extends Model<InferAttributes<BidVersion>, InferCreationAttributes<BidVersion>> {
  declare id: string;
  declare bidId: string;
  declare version: number;
  declare bidderPartyId: string;
  declare submittedBy: string;
  /** The sealed file's name in the blob store: SHA-256 of the whole file. */
  declare blobSha256: string;
  declare size: number;
  /** The header's canonical JSON, as in the file. */
  declare header: string;
  declare headerSha256: string;
  declare bodyDigest: string;
  declare signature: string;
  declare certificateSerial: string;
  declare receivedAt: Date;
  declare ip: string;
  declare userAgent: string | null;
  /** JSON of ClientDevice. */
  declare device: string | null;
  /** JSON of DepositAccount; for supervision only, never logged. */
  declare depositAccount: string | null;
  declare idempotencyKey: string | null;
  declare idempotencyExpiresAt: Date | null;
  /** The signed receipt's JSON exactly as sent, so it is returned byte for byte later. */
  declare receipt: string;
  declare createdAt: CreationOptional<Date>;
}

/** Binds the bid models to one database (see initPartyModels for why subclasses). */
export function initBidModels(sequelize: Sequelize) {
  const BoundBid = class extends Bid {};
  BoundBid.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: { type: DataTypes.STRING(36), allowNull: false },
      sectionId: { type: DataTypes.STRING(36), allowNull: false },
      bidderPartyId: { type: DataTypes.STRING(36), allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false },
      currentVersion: { type: DataTypes.INTEGER, allowNull: false },
      withdrawnAt: { type: DataTypes.DATE(3), allowNull: true },
      withdrawalReceipt: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'Bid', tableName: 'bids', underscored: true },
  );
  const BoundVersion = class extends BidVersion {};
  BoundVersion.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      bidId: { type: DataTypes.STRING(36), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      bidderPartyId: { type: DataTypes.STRING(36), allowNull: false },
      submittedBy: { type: DataTypes.STRING(36), allowNull: false },
      blobSha256: { type: DataTypes.STRING(64), allowNull: false },
      size: {
        type: DataTypes.BIGINT,
        allowNull: false,
        // mysql2 may hand BIGINT over as a string; sizes stay far below 2^53.
        get(this: BidVersion) {
          return Number(this.getDataValue('size'));
        },
      },
      header: { type: DataTypes.TEXT, allowNull: false },
      headerSha256: { type: DataTypes.STRING(64), allowNull: false },
      bodyDigest: { type: DataTypes.STRING(64), allowNull: false },
      signature: { type: DataTypes.TEXT, allowNull: false },
      certificateSerial: { type: DataTypes.STRING(40), allowNull: false },
      receivedAt: { type: DataTypes.DATE(3), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: false },
      userAgent: { type: DataTypes.STRING(500), allowNull: true },
      device: { type: DataTypes.TEXT, allowNull: true },
      depositAccount: { type: DataTypes.TEXT, allowNull: true },
      idempotencyKey: { type: DataTypes.STRING(128).BINARY, allowNull: true },
      idempotencyExpiresAt: { type: DataTypes.DATE(3), allowNull: true },
      receipt: { type: DataTypes.TEXT, allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'BidVersion', tableName: 'bid_versions', underscored: true, updatedAt: false },
  );
  return { Bid: BoundBid as typeof Bid, BidVersion: BoundVersion as typeof BidVersion };
}

export type BidModels = ReturnType<typeof initBidModels>;
