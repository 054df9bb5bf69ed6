import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * filed → accepted | not-accepted (受理 / 不予受理, within 3 working days) → decided (within 30 working days of
 * acceptance, stopped periods not counted); filed or accepted → withdrawn by the complainant.
 */
export const COMPLAINT_STATUSES = ['filed', 'accepted', 'not-accepted', 'decided', 'withdrawn'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** The decision's conclusion: the complaint upheld (成立), partly upheld (部分成立) or dismissed (驳回). */
/**
 * `malicious`: dismissed as a false or malicious complaint (虚假恶意投诉: facts made up, material forged or
 * obtained unlawfully; 工程建设项目招标投标活动投诉处理办法 Art.26, SS Art.77), which makes a credit record.
 */
export const COMPLAINT_CONCLUSIONS = ['upheld', 'partly-upheld', 'dismissed', 'malicious'] as const;
export type ComplaintConclusion = (typeof COMPLAINT_CONCLUSIONS)[number];
/** Why the decision clock stops (SS Art.61: 检验、检测、鉴定、专家评审 time is not counted). */
export const CLOCK_STOP_KINDS = ['expert-review', 'inspection'] as const;
export type ClockStopKind = (typeof CLOCK_STOP_KINDS)[number];

export class Complaint extends Model<InferAttributes<Complaint>, InferCreationAttributes<Complaint>> {
  declare id: string;
  declare tenderId: string;
  declare tenderTitle: string;
  /** The tender's tenderee and agency when it was filed: they read the complaint and answer it. */
  declare tendereePartyId: string;
  declare agencyPartyId: string | null;
  declare complainantPartyId: string;
  declare complainantName: string;
  declare filedBy: string;
  declare filedByName: string;
  declare facts: string;
  declare request: string;
  /** The Beijing date the complainant knew (or should have known) of the harm, 'YYYY-MM-DD'. */
  declare knewOn: string;
  declare filedAt: Date;
  declare status: ComplaintStatus;
  declare reviewedAt: Date | null;
  declare reviewedBy: string | null;
  declare reviewedByName: string | null;
  declare reviewReason: string | null;
  declare answer: string | null;
  declare answeredAt: Date | null;
  declare answeredByName: string | null;
  declare conclusion: ComplaintConclusion | null;
  declare decisionText: string | null;
  declare decidedAt: Date | null;
  declare decidedBy: string | null;
  declare decidedByName: string | null;
  declare withdrawnAt: Date | null;
  declare withdrawalReason: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ComplaintEvidence extends Model<
  InferAttributes<ComplaintEvidence>,
  InferCreationAttributes<ComplaintEvidence>
> {
  declare id: string;
  declare complaintId: string | null;
  declare partyId: string;
  declare uploadedBy: string;
  declare name: string;
  declare contentType: string;
  declare size: number;
  declare sha256: string;
  declare uploadedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ComplaintClockStop extends Model<
  InferAttributes<ComplaintClockStop>,
  InferCreationAttributes<ComplaintClockStop>
> {
  declare id: string;
  declare complaintId: string;
  declare kind: ClockStopKind;
  declare reason: string;
  declare startedAt: Date;
  declare startedByName: string;
  declare endedAt: Date | null;
  declare endedByName: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the models to one database (see initPartyModels for why subclasses). */
export function initComplaintModels(sequelize: Sequelize) {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
  const options = (modelName: string, tableName: string) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
  });

  const BoundComplaint = class extends Complaint {};
  BoundComplaint.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: s(36),
      tenderTitle: s(200),
      tendereePartyId: s(36),
      agencyPartyId: s(36, true),
      complainantPartyId: s(36),
      complainantName: s(200),
      filedBy: s(36),
      filedByName: s(200),
      facts: text(),
      request: text(),
      knewOn: s(10),
      filedAt: d(),
      status: s(16),
      reviewedAt: d(true),
      reviewedBy: s(36, true),
      reviewedByName: s(200, true),
      reviewReason: s(2000, true),
      answer: text(true),
      answeredAt: d(true),
      answeredByName: s(200, true),
      conclusion: s(16, true),
      decisionText: text(true),
      decidedAt: d(true),
      decidedBy: s(36, true),
      decidedByName: s(200, true),
      withdrawnAt: d(true),
      withdrawalReason: s(2000, true),
      ...stamps,
    },
    options('Complaint', 'complaints'),
  );

  const BoundEvidence = class extends ComplaintEvidence {};
  BoundEvidence.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      complaintId: s(36, true),
      partyId: s(36),
      uploadedBy: s(36),
      name: s(200),
      contentType: s(100),
      size: { type: DataTypes.INTEGER, allowNull: false },
      sha256: s(64),
      uploadedAt: d(),
      ...stamps,
    },
    options('ComplaintEvidence', 'complaint_evidence'),
  );

  const BoundStop = class extends ComplaintClockStop {};
  BoundStop.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      complaintId: s(36),
      kind: s(16),
      reason: s(2000),
      startedAt: d(),
      startedByName: s(200),
      endedAt: d(true),
      endedByName: s(200, true),
      ...stamps,
    },
    options('ComplaintClockStop', 'complaint_clock_stops'),
  );

  return {
    Complaint: BoundComplaint as typeof Complaint,
    ComplaintEvidence: BoundEvidence as typeof ComplaintEvidence,
    ComplaintClockStop: BoundStop as typeof ComplaintClockStop,
  };
}

export type ComplaintModels = ReturnType<typeof initComplaintModels>;
