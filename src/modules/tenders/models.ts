import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { initHoldModels } from './hold-models.js';

/** Section categories (docs/domain.md §7): A 工程, B 货物, C 服务, D 产权, E 土地. */
export const CATEGORIES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Category = (typeof CATEGORIES)[number];
/** Procurement methods: 1 公开招标, 2 邀请招标, 9 其他. */
export const PROCUREMENT_METHODS = ['1', '2', '9'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const EVALUATION_METHODS = ['lowest-evaluated-price', 'comprehensive'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** The lifecycle so far (docs/domain.md §8); later issues add opening, evaluating, publicity ... */
export const TENDER_STATUSES = [
  'draft',
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'publicity', // the candidates of a section are shown (中标候选人公示, SS Art.54)
  'awarded', // every evaluated section has its winner (中标通知书, ZB Art.45)
  'contracted', // every awarded section has its signed contract (ZB Art.46; the contract module)
  'performance', // the first performance record (履约) of a contract
  'closed', // every contract accepted (验收) or terminated
  'failed',
  'cancelled',
] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

/** A field of the bid form bidders fill in; the price is always there. */
export interface BidFormField {
  key: string;
  label: string;
  type: 'money' | 'integer' | 'text';
  required: boolean;
  /** Read out at the opening (唱标). */
  readOut: boolean;
}

export interface EvaluationCriterion {
  name: string;
  kind: 'qualification' | 'technical' | 'commercial' | 'price';
  /** Points, for 综合评估法; absent for pass/fail criteria. */
  weight?: number;
}

export class Tender extends Model<InferAttributes<Tender>, InferCreationAttributes<Tender>> {
  declare id: string;
  declare code: string;
  declare projectCode: string;
  declare projectName: string;
  declare title: string;
  declare description: string | null;
  declare category: Category;
  declare procurementMethod: ProcurementMethod;
  declare tendereePartyId: string;
  declare agencyPartyId: string | null;
  declare regionCode: string;
  declare status: TenderStatus;
  declare bidValidityDays: number;
  declare evaluationMethod: EvaluationMethod;
  /** JSON of EvaluationCriterion[]. */
  declare evaluationCriteria: string;
  /** JSON of BidFormField[]. */
  declare bidFormFields: string;
  declare documentsFrom: Date;
  declare documentsTo: Date;
  declare clarificationDeadline: Date;
  /** The bid deadline, which is also the opening time (ZB Art.34). */
  declare bidDeadline: Date;
  declare custodianThreshold: number;
  declare publishedAt: Date | null;
  declare cancelledAt: Date | null;
  declare cancellationReason: string | null;
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TenderSection extends Model<
  InferAttributes<TenderSection>,
  InferCreationAttributes<TenderSection>
> {
  declare id: string;
  declare tenderId: string;
  declare position: number;
  declare code: string;
  declare name: string;
  /** 最高投标限价; required before publication. */
  declare maxPriceFen: number | null;
  declare estimatedPriceFen: number;
  declare depositFen: number;
  /** JSON of EvaluationPlan (evaluation-plan.ts); null: derived from the tender's method and criteria. */
  declare evaluationPlan: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TenderCustodian extends Model<
  InferAttributes<TenderCustodian>,
  InferCreationAttributes<TenderCustodian>
> {
  declare id: string;
  declare tenderId: string;
  declare position: number;
  declare userId: string;
  declare certificateSerial: string | null;
  declare certificatePem: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TenderClarification extends Model<
  InferAttributes<TenderClarification>,
  InferCreationAttributes<TenderClarification>
> {
  declare id: string;
  declare tenderId: string;
  declare number: number;
  declare kind: 'clarification' | 'amendment';
  declare title: string;
  declare body: string;
  declare previousBidDeadline: Date;
  declare bidDeadline: Date;
  declare publishedAt: Date;
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TenderObjection extends Model<
  InferAttributes<TenderObjection>,
  InferCreationAttributes<TenderObjection>
> {
  declare id: string;
  declare tenderId: string;
  declare partyId: string;
  declare submittedBy: string;
  declare content: string;
  declare submittedAt: Date;
  declare answerDueAt: Date;
  declare answer: string | null;
  declare answeredAt: Date | null;
  /** What it objects to: the documents (SS Art.22) or a section's candidates (SS Art.54). */
  declare stage: CreationOptional<ObjectionStage>;
  /** The section whose candidates it objects to; null for the documents. */
  declare sectionId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const OBJECTION_STAGES = ['documents', 'candidates'] as const;
export type ObjectionStage = (typeof OBJECTION_STAGES)[number];

export class CodeSequence extends Model<
  InferAttributes<CodeSequence>,
  InferCreationAttributes<CodeSequence>
> {
  declare name: string;
  declare last: number;
}

/** BIGINT fen, read back as a number on every engine (mysql2 may hand BIGINT over as a string). */
const money = (name: string, allowNull: boolean) => ({
  type: DataTypes.BIGINT,
  allowNull,
  get(this: Model) {
    const value = this.getDataValue(name as never) as unknown;
    return value === null || value === undefined ? value : Number(value);
  },
});
const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

/** Binds the tender models to one database (see initPartyModels for why subclasses). */
export function initTenderModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
  });
  const BoundTender = class extends Tender {};
  BoundTender.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      code: str(20),
      projectCode: str(17),
      projectName: str(200),
      title: str(200),
      description: { type: DataTypes.TEXT, allowNull: true },
      category: str(1),
      procurementMethod: str(1),
      tendereePartyId: str(36),
      agencyPartyId: str(36, true),
      regionCode: str(6),
      status: str(16),
      bidValidityDays: { type: DataTypes.INTEGER, allowNull: false },
      evaluationMethod: str(24),
      evaluationCriteria: { type: DataTypes.TEXT, allowNull: false },
      bidFormFields: { type: DataTypes.TEXT, allowNull: false },
      documentsFrom: date(),
      documentsTo: date(),
      clarificationDeadline: date(),
      bidDeadline: date(),
      custodianThreshold: { type: DataTypes.INTEGER, allowNull: false },
      publishedAt: date(true),
      cancelledAt: date(true),
      cancellationReason: str(500, true),
      createdBy: str(36),
      ...stamps,
    },
    options('Tender', 'tenders'),
  );
  const BoundSection = class extends TenderSection {};
  BoundSection.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      position: { type: DataTypes.INTEGER, allowNull: false },
      code: str(23),
      name: str(200),
      maxPriceFen: money('maxPriceFen', true),
      estimatedPriceFen: money('estimatedPriceFen', false),
      depositFen: money('depositFen', false),
      evaluationPlan: { type: DataTypes.TEXT, allowNull: true },
      ...stamps,
    },
    options('TenderSection', 'tender_sections'),
  );
  const BoundCustodian = class extends TenderCustodian {};
  BoundCustodian.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      position: { type: DataTypes.INTEGER, allowNull: false },
      userId: str(36),
      certificateSerial: str(40, true),
      certificatePem: { type: DataTypes.TEXT, allowNull: true },
      ...stamps,
    },
    options('TenderCustodian', 'tender_custodians'),
  );
  const BoundClarification = class extends TenderClarification {};
  BoundClarification.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      number: { type: DataTypes.INTEGER, allowNull: false },
      kind: str(16),
      title: str(200),
      body: { type: DataTypes.TEXT, allowNull: false },
      previousBidDeadline: date(),
      bidDeadline: date(),
      publishedAt: date(),
      createdBy: str(36),
      ...stamps,
    },
    options('TenderClarification', 'tender_clarifications'),
  );
  const BoundObjection = class extends TenderObjection {};
  BoundObjection.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      partyId: str(36),
      submittedBy: str(36),
      content: { type: DataTypes.TEXT, allowNull: false },
      submittedAt: date(),
      answerDueAt: date(),
      answer: { type: DataTypes.TEXT, allowNull: true },
      answeredAt: date(true),
      stage: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'documents' },
      sectionId: str(36, true),
      ...stamps,
    },
    options('TenderObjection', 'tender_objections'),
  );
  const BoundSequence = class extends CodeSequence {};
  BoundSequence.init(
    {
      name: { type: DataTypes.STRING(32), primaryKey: true },
      last: { type: DataTypes.INTEGER, allowNull: false },
    },
    { ...options('CodeSequence', 'code_sequences'), timestamps: false },
  );
  BoundTender.hasMany(BoundSection, { foreignKey: 'tenderId', as: 'sections' });
  BoundTender.hasMany(BoundCustodian, { foreignKey: 'tenderId', as: 'custodians' });
  return {
    Tender: BoundTender as typeof Tender,
    TenderSection: BoundSection as typeof TenderSection,
    TenderCustodian: BoundCustodian as typeof TenderCustodian,
    TenderClarification: BoundClarification as typeof TenderClarification,
    TenderObjection: BoundObjection as typeof TenderObjection,
    CodeSequence: BoundSequence as typeof CodeSequence,
    // Supervisory holds (holds.ts): the tenders module's own table, bound with the tenders.
    ...initHoldModels(sequelize),
  };
}

export type TenderModels = ReturnType<typeof initTenderModels>;
