import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A recommended candidate as the report froze it, with the bidder's party (who the letters go to). */
export interface StoredCandidate {
  rank: number;
  bidId: string;
  bidderPartyId: string;
  bidderName: string;
  priceFen: number;
  score: number | null;
  technicalScore: number | null;
  priceScore: number | null;
}

/** A completed evaluation report, as taken in from the evaluation module (reports.ts). */
export class AwardReport extends Model<InferAttributes<AwardReport>, InferCreationAttributes<AwardReport>> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare evaluationId: string;
  declare digest: string;
  declare completedAt: Date;
  /** StoredCandidate[] as JSON. */
  declare candidates: string;
  /** A re-evaluation (责令重新评审) replaced it: no publicity or award may rest on it any more. */
  declare supersededAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** 中标候选人公示 of one section's report (SS Art.54). */
export class AwardPublicity extends Model<
  InferAttributes<AwardPublicity>,
  InferCreationAttributes<AwardPublicity>
> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare reportId: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare publishedAt: Date;
  declare publishedBy: string;
  declare noticeId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export interface PassedOver {
  rank: number;
  bidId: string;
  bidderName: string;
  ground: string;
  reason: string;
}

/** 定标: the section's winner, confirmed by the tenderee or its agency (ZB Art.40, 45; SS Art.55). */
export class Award extends Model<InferAttributes<Award>, InferCreationAttributes<Award>> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare publicityId: string;
  declare reportId: string;
  declare bidId: string;
  declare bidderPartyId: string;
  declare bidderName: string;
  declare candidateRank: number;
  declare priceFen: number;
  /** PassedOver[] as JSON. */
  declare passedOver: string;
  declare confirmedAt: Date;
  declare confirmedBy: string;
  declare noticeId: string | null;
  /** The winner's refusal to sign (SS Art.74), copied from 'contract.refused' for the next award. */
  declare refusedAt: CreationOptional<Date | null>;
  declare refusalReason: CreationOptional<string | null>;
  /** The next candidate was awarded (SS Art.55): the row stays, no longer the section's award. */
  declare supersededAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const LETTER_KINDS = ['award', 'result'] as const;
/** 'award': 中标通知书 to the winner; 'result': 中标结果通知书 to every other bidder of the section. */
export type LetterKind = (typeof LETTER_KINDS)[number];

/** A letter as the platform signed it: the canonical JSON, the signature and the certificate's fingerprint. */
export class AwardLetter extends Model<InferAttributes<AwardLetter>, InferCreationAttributes<AwardLetter>> {
  declare id: string;
  declare awardId: string;
  declare tenderId: string;
  declare kind: LetterKind;
  declare bidId: string;
  declare partyId: string;
  declare payload: string;
  declare signature: string;
  declare fingerprint: string;
  declare issuedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const text = () => ({ type: DataTypes.TEXT, allowNull: false });

/** Binds the award models to one database (subclasses, so each platform has its own binding). */
export function initAwardModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
  });
  const BoundReport = class extends AwardReport {};
  BoundReport.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      evaluationId: str(36),
      digest: str(64),
      completedAt: date(),
      candidates: text(),
      supersededAt: date(true),
      ...stamps,
    },
    options('AwardReport', 'award_reports'),
  );
  const BoundPublicity = class extends AwardPublicity {};
  BoundPublicity.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      reportId: str(36),
      startsAt: date(),
      endsAt: date(),
      publishedAt: date(),
      publishedBy: str(36),
      noticeId: str(36, true),
      ...stamps,
    },
    options('AwardPublicity', 'award_publicities'),
  );
  const BoundAward = class extends Award {};
  BoundAward.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      publicityId: str(36),
      reportId: str(36),
      bidId: str(36),
      bidderPartyId: str(36),
      bidderName: str(200),
      candidateRank: { type: DataTypes.INTEGER, allowNull: false },
      // BIGINT fen, read back as a number on every engine (mysql2 may hand BIGINT over as a string).
      priceFen: {
        type: DataTypes.BIGINT,
        allowNull: false,
        get(this: Model) {
          return Number(this.getDataValue('priceFen' as never));
        },
      },
      passedOver: text(),
      confirmedAt: date(),
      confirmedBy: str(36),
      noticeId: str(36, true),
      refusedAt: date(true),
      refusalReason: { type: DataTypes.TEXT, allowNull: true },
      supersededAt: date(true),
      ...stamps,
    },
    options('Award', 'awards'),
  );
  const BoundLetter = class extends AwardLetter {};
  BoundLetter.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      awardId: str(36),
      tenderId: str(36),
      kind: str(16),
      bidId: str(36),
      partyId: str(36),
      payload: text(),
      signature: text(),
      fingerprint: str(128),
      issuedAt: date(),
      ...stamps,
    },
    options('AwardLetter', 'award_letters'),
  );
  return {
    AwardReport: BoundReport as typeof AwardReport,
    AwardPublicity: BoundPublicity as typeof AwardPublicity,
    Award: BoundAward as typeof Award,
    AwardLetter: BoundLetter as typeof AwardLetter,
  };
}

export type AwardModels = ReturnType<typeof initAwardModels>;
