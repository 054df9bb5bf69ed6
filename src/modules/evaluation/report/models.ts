import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** signing → completed (all signed or dissented, or the deadline passed); a re-evaluation → superseded. */
export type ReportState = 'signing' | 'completed' | 'superseded';
/** A member's answer to the report; `deemed-agreeing` is recorded at the deadline for the silent (PB Art.42). */
export type ReportVerdict = 'agree' | 'dissent' | 'deemed-agreeing';

/** The evaluation report (评标报告) as generated at conclusion: frozen content and its digest. */
export class EvaluationReport extends Model<
  InferAttributes<EvaluationReport>,
  InferCreationAttributes<EvaluationReport>
> {
  declare id: string;
  declare evaluationId: string;
  declare tenderId: string;
  declare sectionId: string;
  declare state: ReportState;
  /** Canonical JSON of the ReportContent; never rewritten. */
  declare content: string;
  /** SHA-256 hex of `content`: what every member signs. */
  declare digest: string;
  declare generatedAt: Date;
  declare signingDeadline: Date;
  declare completedAt: Date | null;
  declare supersededAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One member's signature, dissent or deemed agreement on one report (one row per member and report). */
export class EvaluationReportSignature extends Model<
  InferAttributes<EvaluationReportSignature>,
  InferCreationAttributes<EvaluationReportSignature>
> {
  declare id: string;
  declare reportId: string;
  declare evaluationId: string;
  declare memberId: string;
  declare userId: string;
  declare memberName: string;
  declare verdict: ReportVerdict;
  declare reasons: string | null;
  /** The signed payload's canonical JSON; null for a deemed agreement. */
  declare payload: string | null;
  declare signature: string | null;
  declare certificateSerial: string | null;
  declare signedAt: Date;
}

export function initReportModels(sequelize: Sequelize) {
  const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  const BoundReport = class extends EvaluationReport {};
  BoundReport.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      evaluationId: str(36),
      tenderId: str(36),
      sectionId: str(36),
      state: str(16) as never,
      content: text(),
      digest: str(64),
      generatedAt: date(),
      signingDeadline: date(),
      completedAt: date(true),
      supersededAt: date(true),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'EvaluationReport', tableName: 'evaluation_reports', underscored: true },
  );
  const BoundSignature = class extends EvaluationReportSignature {};
  BoundSignature.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      reportId: str(36),
      evaluationId: str(36),
      memberId: str(36),
      userId: str(36),
      memberName: str(200),
      verdict: str(16) as never,
      reasons: text(true),
      payload: text(true),
      signature: text(true),
      certificateSerial: str(64, true),
      signedAt: date(),
    },
    {
      sequelize,
      modelName: 'EvaluationReportSignature',
      tableName: 'evaluation_report_signatures',
      underscored: true,
      timestamps: false,
    },
  );
  return {
    EvaluationReport: BoundReport as typeof EvaluationReport,
    EvaluationReportSignature: BoundSignature as typeof EvaluationReportSignature,
  };
}

export type ReportModels = ReturnType<typeof initReportModels>;
