import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * The evaluation's steps in order (docs/domain.md §5), moved on by the committee's leader. Clarification may be
 * passed straight through; `concluded` freezes the result for the report.
 */
export const EVALUATION_STEPS = [
  'forming',
  'review',
  'clarification',
  'scoring',
  'ranking',
  'concluded',
] as const;
export type EvaluationStep = (typeof EVALUATION_STEPS)[number];

export const MEMBER_KINDS = ['expert', 'representative'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
/** seated: on the committee, not yet declared; declared: signed "no conflict"; replaced: conclusions void. */
export const MEMBER_STATES = ['seated', 'declared', 'replaced'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

export const SHEET_KINDS = ['review', 'score'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

/** One section's evaluation. Locking its row orders every writer of the evaluation (and numbers its log). */
export class Evaluation extends Model<InferAttributes<Evaluation>, InferCreationAttributes<Evaluation>> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare drawId: string;
  declare step: EvaluationStep;
  /** JSON of the section's EvaluationPlan as published: the evaluation runs by the plan bidders were shown. */
  declare plan: string;
  declare leaderMemberId: string | null;
  declare lastSeq: number;
  declare startedAt: Date;
  declare scheduledEndAt: Date;
  declare extensions: number;
  declare concludedAt: Date | null;
  /** JSON of the frozen result (ranked candidates) once concluded. */
  declare result: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class EvaluationMember extends Model<
  InferAttributes<EvaluationMember>,
  InferCreationAttributes<EvaluationMember>
> {
  declare id: string;
  declare evaluationId: string;
  declare kind: MemberKind;
  declare expertId: string | null;
  declare userId: string;
  declare name: string;
  declare state: MemberState;
  /** The signed declaration: canonical JSON, its RSA-PSS signature (base64) and the signing certificate. */
  declare declaration: string | null;
  declare declarationSignature: string | null;
  declare certificateSerial: string | null;
  declare declaredAt: Date | null;
  declare replacedAt: Date | null;
  declare replacedReason: string | null;
  declare leaderVote: string | null;
  /** When the member said the time is too short (SS Art.48); once per member. */
  declare timeShortAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A bid under evaluation: the opened bid as admitted, and what the evaluation concluded of it. */
export class EvaluationBid extends Model<
  InferAttributes<EvaluationBid>,
  InferCreationAttributes<EvaluationBid>
> {
  declare evaluationId: string;
  declare bidId: string;
  declare bidderPartyId: string;
  declare bidderName: string;
  declare priceFen: number;
  declare receivedAt: Date;
  /** JSON of the attachment list from the bid's manifest ({name, size, mediaType}[]). */
  declare attachments: string;
  /** Set at admission: a rule that rejects the bid before review (ABOVE_MAX_PRICE, SS Art.51). */
  declare rejectionCode: string | null;
  declare rejectionReason: string | null;
  /** JSON string[] of flags (ABNORMALLY_LOW, ...): asked about, not rejected. */
  declare flags: string;
  /** The committee's majority once every member reviewed it. */
  declare reviewOutcome: 'pass' | 'fail' | null;
  /** Hundredths of a point, from the ranking step on. */
  declare priceScore: number | null;
  declare score: number | null;
  declare technicalScore: number | null;
  declare rank: number | null;
}

/** One version of a member's signed sheet for one bid; corrections add versions, the last one counts. */
export class EvaluationSheet extends Model<
  InferAttributes<EvaluationSheet>,
  InferCreationAttributes<EvaluationSheet>
> {
  declare id: string;
  declare evaluationId: string;
  declare memberId: string;
  declare bidId: string;
  declare kind: SheetKind;
  declare version: number;
  /** The signed payload (canonical JSON), which carries the verdicts or scores. */
  declare payload: string;
  declare signature: string;
  declare certificateSerial: string;
  declare correctionReason: string | null;
  declare correctionNote: string | null;
  /** The member was replaced: the sheet stays on record, void (SS Art.48). */
  declare void: boolean;
  declare submittedAt: Date;
}

export class EvaluationClarification extends Model<
  InferAttributes<EvaluationClarification>,
  InferCreationAttributes<EvaluationClarification>
> {
  declare id: string;
  declare evaluationId: string;
  declare tenderId: string;
  declare bidId: string;
  declare bidderPartyId: string;
  declare question: string;
  declare askedByMemberId: string;
  declare askedAt: Date;
  declare answerDeadline: Date;
  declare answer: string | null;
  declare answeredByUserId: string | null;
  declare answeredAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/**
 * The evaluation's timeline, numbered per evaluation: what supervisors watch (with actor and IP) and what a
 * reconnecting client catches up from. A client's event id makes a retried step return its first answer.
 */
export class EvaluationLogEntry extends Model<
  InferAttributes<EvaluationLogEntry>,
  InferCreationAttributes<EvaluationLogEntry>
> {
  declare id: string;
  declare evaluationId: string;
  declare seq: number;
  declare eventId: string | null;
  declare kind: string;
  declare actorUserId: string | null;
  declare actorName: string | null;
  declare actorRole: string | null;
  declare ip: string | null;
  declare at: Date;
  /** JSON; never a subjective score. */
  declare data: string;
  /** JSON of the acknowledgement sent for the event id, returned again on a retry. */
  declare answer: string | null;
}

const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
/** BIGINT fen, read back as a number on every engine (mysql2 may hand BIGINT over as a string). */
const money = (name: string) => ({
  type: DataTypes.BIGINT,
  allowNull: false,
  get(this: Model) {
    return Number(this.getDataValue(name as never));
  },
});

/** Binds the evaluation models to one database (see initPartyModels for why subclasses). */
export function initEvaluationModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string, timestamps = true) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
    timestamps,
  });
  const BoundEvaluation = class extends Evaluation {};
  BoundEvaluation.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      drawId: str(36),
      step: str(16),
      plan: text(),
      leaderMemberId: str(36, true),
      lastSeq: int(),
      startedAt: date(),
      scheduledEndAt: date(),
      extensions: int(),
      concludedAt: date(true),
      result: text(true),
      ...stamps,
    },
    options('Evaluation', 'evaluations'),
  );
  const BoundMember = class extends EvaluationMember {};
  BoundMember.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      evaluationId: str(36),
      kind: str(16),
      expertId: str(36, true),
      userId: str(36),
      name: str(200),
      state: str(16),
      declaration: text(true),
      declarationSignature: text(true),
      certificateSerial: str(64, true),
      declaredAt: date(true),
      replacedAt: date(true),
      replacedReason: str(500, true),
      leaderVote: str(36, true),
      timeShortAt: date(true),
      ...stamps,
    },
    options('EvaluationMember', 'evaluation_members'),
  );
  const BoundBid = class extends EvaluationBid {};
  BoundBid.init(
    {
      evaluationId: { type: DataTypes.STRING(36), primaryKey: true },
      bidId: { type: DataTypes.STRING(36), primaryKey: true },
      bidderPartyId: str(36),
      bidderName: str(200),
      priceFen: money('priceFen'),
      receivedAt: date(),
      attachments: text(),
      rejectionCode: str(40, true),
      rejectionReason: str(500, true),
      flags: str(500),
      reviewOutcome: str(8, true) as never,
      priceScore: int(true),
      score: int(true),
      technicalScore: int(true),
      rank: int(true),
    },
    options('EvaluationBid', 'evaluation_bids', false),
  );
  const BoundSheet = class extends EvaluationSheet {};
  BoundSheet.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      evaluationId: str(36),
      memberId: str(36),
      bidId: str(36),
      kind: str(8),
      version: int(),
      payload: text(),
      signature: text(),
      certificateSerial: str(64),
      correctionReason: str(32, true),
      correctionNote: str(500, true),
      void: { type: DataTypes.BOOLEAN, allowNull: false },
      submittedAt: date(),
    },
    options('EvaluationSheet', 'evaluation_sheets', false),
  );
  const BoundClarification = class extends EvaluationClarification {};
  BoundClarification.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      evaluationId: str(36),
      tenderId: str(36),
      bidId: str(36),
      bidderPartyId: str(36),
      question: text(),
      askedByMemberId: str(36),
      askedAt: date(),
      answerDeadline: date(),
      answer: text(true),
      answeredByUserId: str(36, true),
      answeredAt: date(true),
      ...stamps,
    },
    options('EvaluationClarification', 'evaluation_clarifications'),
  );
  const BoundLog = class extends EvaluationLogEntry {};
  BoundLog.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      evaluationId: str(36),
      seq: int(),
      eventId: str(64, true),
      kind: str(40),
      actorUserId: str(36, true),
      actorName: str(200, true),
      actorRole: str(16, true),
      ip: str(64, true),
      at: date(),
      data: text(),
      answer: text(true),
    },
    options('EvaluationLogEntry', 'evaluation_log', false),
  );
  return {
    Evaluation: BoundEvaluation as typeof Evaluation,
    EvaluationMember: BoundMember as typeof EvaluationMember,
    EvaluationBid: BoundBid as typeof EvaluationBid,
    EvaluationSheet: BoundSheet as typeof EvaluationSheet,
    EvaluationClarification: BoundClarification as typeof EvaluationClarification,
    EvaluationLogEntry: BoundLog as typeof EvaluationLogEntry,
  };
}

export type EvaluationModels = ReturnType<typeof initEvaluationModels>;
