import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { RecordKind, Severity } from './kinds.js';

export const SUBJECT_KINDS = ['party', 'expert'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
/** public: anyone; restricted: supervisors and the subject only. */
export type Visibility = 'public' | 'restricted';
/**
 * Stored status. `expired` is never stored: a record is expired from its validUntil instant on, computed
 * against the clock when read (status.ts), so no job has to run at the right moment.
 * active → objected (an objection pending; the record keeps its effect) → active | revoked (objection upheld);
 * active → repaired (信用修复 granted: its effect ends, it leaves the public view).
 */
export type StoredStatus = 'active' | 'objected' | 'revoked' | 'repaired';

export class CreditRecord extends Model<
  InferAttributes<CreditRecord>,
  InferCreationAttributes<CreditRecord>
> {
  declare id: string;
  /** kind:seq:subject — unique, so a replayed event makes no second record. */
  declare sourceKey: string;
  declare sourceType: string;
  declare sourceSeq: number;
  declare subjectKind: SubjectKind;
  declare subjectId: string;
  declare subjectUscc: string | null;
  declare subjectName: string;
  declare kind: RecordKind;
  declare severity: Severity;
  /** A blacklisting (失信惩戒) record: bids refused, experts left out of draws, for its term. */
  declare barring: boolean;
  declare basis: string;
  declare summary: string;
  declare tenderId: string | null;
  declare validFrom: Date;
  /** Null: no end (an expert removed from the pool). */
  declare validUntil: Date | null;
  /** The minimum publicity period: a repair may be applied for from then on. */
  declare publicityUntil: Date;
  declare visibility: Visibility;
  declare status: StoredStatus;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type RequestKind = 'objection' | 'repair';
export type RequestStatus = 'pending' | 'granted' | 'refused';

/** A subject's objection (异议) to a record, or its application for repair (信用修复). */
export class CreditRequest extends Model<
  InferAttributes<CreditRequest>,
  InferCreationAttributes<CreditRequest>
> {
  declare id: string;
  declare recordId: string;
  declare kind: RequestKind;
  declare partyId: string;
  declare filedBy: string;
  declare filedByName: string;
  declare reason: string;
  declare filedAt: Date;
  declare status: RequestStatus;
  declare decidedBy: string | null;
  declare decidedByName: string | null;
  declare decisionNote: string | null;
  declare decidedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });

export function initCreditModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
  });
  const BoundRecord = class extends CreditRecord {};
  BoundRecord.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      sourceKey: str(160),
      sourceType: str(60),
      sourceSeq: {
        type: DataTypes.BIGINT,
        allowNull: false,
        get() {
          return Number(this.getDataValue('sourceSeq'));
        },
      },
      subjectKind: str(10),
      subjectId: str(36),
      subjectUscc: str(18, true),
      subjectName: str(200),
      kind: str(40),
      severity: str(12),
      barring: { type: DataTypes.BOOLEAN, allowNull: false },
      basis: str(300),
      summary: text(),
      tenderId: str(36, true),
      validFrom: date(),
      validUntil: date(true),
      publicityUntil: date(),
      visibility: str(12),
      status: str(12),
      ...stamps,
    },
    options('CreditRecord', 'credit_records'),
  );
  const BoundRequest = class extends CreditRequest {};
  BoundRequest.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      recordId: str(36),
      kind: str(12),
      partyId: str(36),
      filedBy: str(36),
      filedByName: str(100),
      reason: text(),
      filedAt: date(),
      status: str(12),
      decidedBy: str(36, true),
      decidedByName: str(100, true),
      decisionNote: text(true),
      decidedAt: date(true),
      ...stamps,
    },
    options('CreditRequest', 'credit_requests'),
  );
  return {
    CreditRecord: BoundRecord as typeof CreditRecord,
    CreditRequest: BoundRequest as typeof CreditRequest,
  };
}

export type CreditModels = ReturnType<typeof initCreditModels>;
