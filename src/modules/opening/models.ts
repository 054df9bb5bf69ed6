import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export const OUTCOMES = ['opened', 'revoked', 'withdrawn'] as const;
/** EB Art.31: opened; 视为撤销 (the bidder's fault); 视为撤回 (anyone else's). */
export type Outcome = (typeof OUTCOMES)[number];

/** One per tender whose opening started (at the deadline). */
export class Opening extends Model<InferAttributes<Opening>, InferCreationAttributes<Opening>> {
  declare tenderId: string;
  declare status: 'collecting' | 'complete';
  declare startedAt: Date;
  /** Shares and bidder keys are awaited until then; what cannot be opened by then is settled as it stands. */
  declare windowEndsAt: Date;
  declare completedAt: Date | null;
  declare result: 'evaluating' | 'failed' | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OpeningSection extends Model<
  InferAttributes<OpeningSection>,
  InferCreationAttributes<OpeningSection>
> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare position: number;
  /** failed: fewer than 3 bids, none opened (SS Art.44); published: the signed record is out. */
  declare status: 'failed' | 'collecting' | 'published';
  declare bidCount: number;
  /** Canonical JSON of the signed opening record. */
  declare record: string | null;
  declare signature: string | null;
  declare publishedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A bid as it stood at the deadline (its current version), and what the opening made of it. */
export class OpeningBid extends Model<InferAttributes<OpeningBid>, InferCreationAttributes<OpeningBid>> {
  declare bidId: string;
  declare tenderId: string;
  declare sectionId: string;
  declare bidderPartyId: string;
  declare version: number;
  /** The sealed header's canonical JSON, as submitted. */
  declare header: string;
  declare ciphertextSha256: string;
  declare size: number;
  declare receivedAt: Date;
  declare outcome: Outcome | null;
  declare reason: string | null;
  /** JSON array of custodian positions a failure or a wrong share is attributed to. */
  declare blamed: string | null;
  declare detail: string | null;
  declare keySource: 'custodians' | 'bidder' | null;
  /** The decrypted bid form (JSON): readable by the committee, supervisors and the bidder only. */
  declare form: string | null;
  declare attachments: string | null;
  /** SHA-256 of a decrypted package stored by earlier versions; null now (packages decrypt on demand). */
  declare packageSha256: string | null;
  declare packageSize: number | null;
  /** An opened bid's content key, sealed by the KeyVault (key file outside the database). */
  declare sealedKey: string | null;
  /** JSON of the custodians' signed share reports the settlement relied on (ShareEvidence[]), or null. */
  declare evidence: CreationOptional<string | null>;
  declare settledAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OpeningShare extends Model<
  InferAttributes<OpeningShare>,
  InferCreationAttributes<OpeningShare>
> {
  declare id: string;
  declare tenderId: string;
  declare bidId: string;
  declare version: number;
  declare position: number;
  /** The released (unwrapped) share, sealed by the KeyVault; only ever stored after the deadline. */
  declare share: string;
  /** Whether it matched the header's shareCheck; a wrong one is the custodian's. */
  declare valid: boolean;
  /** Wrong shares this custodian sent for the bid after its valid one: recorded and blamed, not dropped. */
  declare wrongAfterValid: CreationOptional<number>;
  declare releasedBy: string;
  declare releasedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const SHARE_REPORT_REASONS = [
  'UNWRAP_FAILED',
  'SHARE_CHECK_MISMATCH',
  'NO_SHARE_FOR_POSITION',
] as const;
export type ShareReportReason = (typeof SHARE_REPORT_REASONS)[number];

/**
 * A custodian's signed report that its wrapped share of a bid is unusable (cli/custodian/report.ts): the
 * bidder's doing, unless the custodian's own key is in doubt (settle.ts weighs it).
 */
export class OpeningShareReport extends Model<
  InferAttributes<OpeningShareReport>,
  InferCreationAttributes<OpeningShareReport>
> {
  declare id: string;
  declare tenderId: string;
  declare bidId: string;
  declare version: number;
  declare position: number;
  declare reason: ShareReportReason;
  /** The canonical JSON the custodian signed, as the server rebuilt and verified it. */
  declare statement: string;
  /** RSA-PSS-SHA256 by the key of the custodian's certificate frozen for the tender, base64. */
  declare signature: string;
  declare certificateSerial: string;
  declare reportedBy: string;
  declare reportedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OpeningBidderKey extends Model<
  InferAttributes<OpeningBidderKey>,
  InferCreationAttributes<OpeningBidderKey>
> {
  declare bidId: string;
  declare tenderId: string;
  declare version: number;
  /** The content key the bidder unwrapped itself (EB Art.30), sealed by the KeyVault; only after the deadline. */
  declare contentKey: string;
  declare valid: boolean;
  declare submittedBy: string;
  declare submittedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const int = () => ({ type: DataTypes.INTEGER, allowNull: false });
/** BIGINT read back as a number on every engine (mysql2 may hand it over as a string). */
const bigint = (name: string, allowNull: boolean) => ({
  type: DataTypes.BIGINT,
  allowNull,
  get(this: Model) {
    const value = this.getDataValue(name as never) as unknown;
    return value === null || value === undefined ? value : Number(value);
  },
});

/** Binds the opening models to one database (see initPartyModels for why subclasses). */
export function initOpeningModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
  });
  const BoundOpening = class extends Opening {};
  BoundOpening.init(
    {
      tenderId: { type: DataTypes.STRING(36), primaryKey: true },
      status: str(12),
      startedAt: date(),
      windowEndsAt: date(),
      completedAt: date(true),
      result: str(16, true),
      ...stamps,
    },
    options('Opening', 'openings'),
  );
  const BoundSection = class extends OpeningSection {};
  BoundSection.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      position: int(),
      status: str(12),
      bidCount: int(),
      record: { type: DataTypes.TEXT, allowNull: true },
      signature: { type: DataTypes.TEXT, allowNull: true },
      publishedAt: date(true),
      ...stamps,
    },
    options('OpeningSection', 'opening_sections'),
  );
  const BoundBid = class extends OpeningBid {};
  BoundBid.init(
    {
      bidId: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      bidderPartyId: str(36),
      version: int(),
      header: { type: DataTypes.TEXT, allowNull: false },
      ciphertextSha256: str(64),
      size: bigint('size', false),
      receivedAt: date(),
      outcome: str(12, true),
      reason: str(40, true),
      blamed: str(100, true),
      detail: str(500, true),
      keySource: str(12, true),
      form: { type: DataTypes.TEXT, allowNull: true },
      attachments: { type: DataTypes.TEXT, allowNull: true },
      packageSha256: str(64, true),
      packageSize: bigint('packageSize', true),
      sealedKey: str(120, true),
      evidence: { type: DataTypes.TEXT, allowNull: true },
      settledAt: date(true),
      ...stamps,
    },
    options('OpeningBid', 'opening_bids'),
  );
  const BoundShare = class extends OpeningShare {};
  BoundShare.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      bidId: str(36),
      version: int(),
      position: int(),
      share: str(256),
      valid: { type: DataTypes.BOOLEAN, allowNull: false },
      wrongAfterValid: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      releasedBy: str(36),
      releasedAt: date(),
      ...stamps,
    },
    options('OpeningShare', 'opening_shares'),
  );
  const BoundReport = class extends OpeningShareReport {};
  BoundReport.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      bidId: str(36),
      version: int(),
      position: int(),
      reason: str(32),
      statement: { type: DataTypes.TEXT, allowNull: false },
      signature: { type: DataTypes.TEXT, allowNull: false },
      certificateSerial: str(40),
      reportedBy: str(36),
      reportedAt: date(),
      ...stamps,
    },
    options('OpeningShareReport', 'opening_share_reports'),
  );
  const BoundKey = class extends OpeningBidderKey {};
  BoundKey.init(
    {
      bidId: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      version: int(),
      contentKey: str(120),
      valid: { type: DataTypes.BOOLEAN, allowNull: false },
      submittedBy: str(36),
      submittedAt: date(),
      ...stamps,
    },
    options('OpeningBidderKey', 'opening_bidder_keys'),
  );
  return {
    Opening: BoundOpening as typeof Opening,
    OpeningSection: BoundSection as typeof OpeningSection,
    OpeningBid: BoundBid as typeof OpeningBid,
    OpeningShare: BoundShare as typeof OpeningShare,
    OpeningShareReport: BoundReport as typeof OpeningShareReport,
    OpeningBidderKey: BoundKey as typeof OpeningBidderKey,
  };
}

export type OpeningModels = ReturnType<typeof initOpeningModels>;
