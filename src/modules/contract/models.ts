import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type ContractStatus = 'signed' | 'performance' | 'accepted' | 'terminated';
export type FaultOf = 'supplier' | 'purchaser' | 'none';
export type PerformanceKind = 'milestone' | 'payment' | 'change';

/** The signed contract of one awarded section (ZB Art.46, SS Art.57). */
export class Contract extends Model<InferAttributes<Contract>, InferCreationAttributes<Contract>> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare awardId: string;
  declare supplierPartyId: string;
  declare supplierName: string;
  declare status: ContractStatus;
  declare priceFen: number;
  declare subject: string;
  declare quality: string;
  declare paymentMethod: string;
  /** The Beijing date performance starts (YYYY-MM-DD). */
  declare startsOn: string;
  /** When the work is due: acceptance after it is late. */
  declare dueAt: Date;
  declare signedAt: Date;
  declare late: boolean;
  declare recordedBy: string;
  declare noticeId: string | null;
  declare acceptedAt: Date | null;
  declare terminatedAt: Date | null;
  declare endReason: string | null;
  declare faultOf: FaultOf | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** The winner refused to sign (SS Art.74), as the tenderee recorded it. */
export class ContractRefusal extends Model<
  InferAttributes<ContractRefusal>,
  InferCreationAttributes<ContractRefusal>
> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare awardId: string;
  declare supplierPartyId: string;
  declare reason: string;
  declare at: Date;
  declare recordedBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One bidder's deposit returned (保证金退还, SS Art.57). */
export class DepositReturn extends Model<
  InferAttributes<DepositReturn>,
  InferCreationAttributes<DepositReturn>
> {
  declare id: string;
  declare contractId: string;
  declare tenderId: string;
  declare bidderPartyId: string;
  declare bidderName: string;
  declare amountFen: number;
  declare returnedAt: Date;
  declare late: boolean;
  declare recordedBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A milestone, payment or change (合同变更) of a contract's performance. */
export class PerformanceRecord extends Model<
  InferAttributes<PerformanceRecord>,
  InferCreationAttributes<PerformanceRecord>
> {
  declare id: string;
  declare contractId: string;
  declare tenderId: string;
  declare kind: PerformanceKind;
  /** The milestone's description, the payment's note or the change's reason. */
  declare description: string;
  declare plannedAt: Date | null;
  declare actualAt: Date | null;
  /** A payment's amount, or a change's amount change (may be negative); null for a milestone. */
  declare amountFen: number | null;
  /** The payment's date, or when the change / milestone was recorded. */
  declare at: Date;
  declare recordedBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
// BIGINT comes back as a string from MariaDB: read as a number (fen stay far below 2^53).
const money = (name: string, allowNull = false) => ({
  type: DataTypes.BIGINT,
  allowNull,
  get(this: Model) {
    const value = this.getDataValue(name as never) as unknown;
    return value === null || value === undefined ? value : Number(value);
  },
});
const bool = { type: DataTypes.BOOLEAN, allowNull: false };

/** Binds the contract models to one database (subclasses, so each platform has its own binding). */
export function initContractModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
  });
  const BoundContract = class extends Contract {};
  BoundContract.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      awardId: str(36),
      supplierPartyId: str(36),
      supplierName: str(200),
      status: str(16),
      priceFen: money('priceFen'),
      subject: text(),
      quality: text(),
      paymentMethod: text(),
      startsOn: str(10),
      dueAt: date(),
      signedAt: date(),
      late: bool,
      recordedBy: str(36),
      noticeId: str(36, true),
      acceptedAt: date(true),
      terminatedAt: date(true),
      endReason: text(true),
      faultOf: str(16, true),
      ...stamps,
    },
    options('Contract', 'contracts'),
  );
  const BoundRefusal = class extends ContractRefusal {};
  BoundRefusal.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      awardId: str(36),
      supplierPartyId: str(36),
      reason: text(),
      at: date(),
      recordedBy: str(36),
      ...stamps,
    },
    options('ContractRefusal', 'contract_refusals'),
  );
  const BoundDeposit = class extends DepositReturn {};
  BoundDeposit.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      contractId: str(36),
      tenderId: str(36),
      bidderPartyId: str(36),
      bidderName: str(200),
      amountFen: money('amountFen'),
      returnedAt: date(),
      late: bool,
      recordedBy: str(36),
      ...stamps,
    },
    options('DepositReturn', 'contract_deposit_returns'),
  );
  const BoundRecord = class extends PerformanceRecord {};
  BoundRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      contractId: str(36),
      tenderId: str(36),
      kind: str(16),
      description: text(),
      plannedAt: date(true),
      actualAt: date(true),
      amountFen: money('amountFen', true),
      at: date(),
      recordedBy: str(36),
      ...stamps,
    },
    options('PerformanceRecord', 'contract_performance_records'),
  );
  return {
    Contract: BoundContract as typeof Contract,
    ContractRefusal: BoundRefusal as typeof ContractRefusal,
    DepositReturn: BoundDeposit as typeof DepositReturn,
    PerformanceRecord: BoundRecord as typeof PerformanceRecord,
  };
}

export type ContractModels = ReturnType<typeof initContractModels>;
