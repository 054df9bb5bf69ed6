import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ExpertStatus } from '../../../expert-pool/index.js';

export const EXPERT_STATUSES = ['active', 'suspended', 'removed'] as const satisfies readonly ExpertStatus[];

export class CatalogRow extends Model<InferAttributes<CatalogRow>, InferCreationAttributes<CatalogRow>> {
  declare code: string;
  declare name: string;
  declare parentCode: string | null;
  declare level: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** An evaluation expert (评标专家). The ID number is stored only encrypted, with a keyed hash and a mask. */
export class Expert extends Model<InferAttributes<Expert>, InferCreationAttributes<Expert>> {
  declare id: string;
  declare name: string;
  declare idNumberCipher: string;
  declare idNumberHash: string;
  declare idNumberMasked: string;
  declare employerUscc: string | null;
  declare employerName: string | null;
  declare regionCode: string;
  declare title: string;
  declare yearsOfPractice: number;
  declare phone: string;
  declare status: ExpertStatus;
  declare creditScore: number;
  declare userId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ExpertSpecialty extends Model<
  InferAttributes<ExpertSpecialty>,
  InferCreationAttributes<ExpertSpecialty>
> {
  declare expertId: string;
  declare code: string;
}

/** A relation the expert declared to a party (回避申报), by the party's USCC. */
export class ExpertConflict extends Model<
  InferAttributes<ExpertConflict>,
  InferCreationAttributes<ExpertConflict>
> {
  declare id: string;
  declare expertId: string;
  declare partyUscc: string;
  declare relation: string;
  declare createdAt: CreationOptional<Date>;
}

export class ExpertUnavailableDay extends Model<
  InferAttributes<ExpertUnavailableDay>,
  InferCreationAttributes<ExpertUnavailableDay>
> {
  declare expertId: string;
  declare day: string;
}

export const RATER_KINDS = ['tenderee', 'supervisor'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

export class ExpertRating extends Model<
  InferAttributes<ExpertRating>,
  InferCreationAttributes<ExpertRating>
> {
  declare id: string;
  declare expertId: string;
  declare drawId: string;
  declare raterKind: RaterKind;
  declare raterUserId: string;
  declare score: number;
  declare comment: string | null;
  declare createdAt: CreationOptional<Date>;
}

export const SANCTION_ACTIONS = ['suspend', 'remove', 'reinstate'] as const;
export type SanctionAction = (typeof SANCTION_ACTIONS)[number];

/** A suspension, removal or reinstatement with its published notice (1117 §12: published, never edited). */
export class ExpertSanction extends Model<
  InferAttributes<ExpertSanction>,
  InferCreationAttributes<ExpertSanction>
> {
  declare id: string;
  declare expertId: string;
  declare action: SanctionAction;
  declare reason: string;
  declare decidedBy: string;
  declare title: string;
  declare body: string;
  declare publishedAt: Date;
}

const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const int = () => ({ type: DataTypes.INTEGER, allowNull: false });
const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };

/** Binds the pool's models to one database (see initPartyModels for why subclasses). */
export function initExpertModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string, extra: object = {}) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
    ...extra,
  });
  const BoundCatalog = class extends CatalogRow {};
  BoundCatalog.init(
    {
      code: { type: DataTypes.STRING(16), primaryKey: true },
      name: str(100),
      parentCode: str(16, true),
      level: int(),
      ...stamps,
    },
    options('ExpertCatalogRow', 'expert_catalog'),
  );
  const BoundExpert = class extends Expert {};
  BoundExpert.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      name: str(64),
      idNumberCipher: str(200),
      idNumberHash: str(64),
      idNumberMasked: str(18),
      employerUscc: str(18, true),
      employerName: str(200, true),
      regionCode: str(6),
      title: str(64),
      yearsOfPractice: int(),
      phone: str(32),
      status: str(16),
      creditScore: int(),
      userId: str(36, true),
      ...stamps,
    },
    options('Expert', 'experts'),
  );
  const BoundSpecialty = class extends ExpertSpecialty {};
  BoundSpecialty.init(
    {
      expertId: { type: DataTypes.STRING(36), primaryKey: true },
      code: { type: DataTypes.STRING(16), primaryKey: true },
    },
    options('ExpertSpecialty', 'expert_specialties', { timestamps: false }),
  );
  const BoundConflict = class extends ExpertConflict {};
  BoundConflict.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      expertId: str(36),
      partyUscc: str(18),
      relation: str(100),
      createdAt: DataTypes.DATE(3),
    },
    options('ExpertConflict', 'expert_conflicts', { updatedAt: false }),
  );
  const BoundDay = class extends ExpertUnavailableDay {};
  BoundDay.init(
    {
      expertId: { type: DataTypes.STRING(36), primaryKey: true },
      day: { type: DataTypes.CHAR(10), primaryKey: true },
    },
    options('ExpertUnavailableDay', 'expert_unavailable_days', { timestamps: false }),
  );
  const BoundRating = class extends ExpertRating {};
  BoundRating.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      expertId: str(36),
      drawId: str(36),
      raterKind: str(16),
      raterUserId: str(36),
      score: int(),
      comment: str(1000, true),
      createdAt: DataTypes.DATE(3),
    },
    options('ExpertRating', 'expert_ratings', { updatedAt: false }),
  );
  const BoundSanction = class extends ExpertSanction {};
  BoundSanction.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      expertId: str(36),
      action: str(16),
      reason: str(500),
      decidedBy: str(36),
      title: str(300),
      body: { type: DataTypes.TEXT, allowNull: false },
      publishedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    options('ExpertSanction', 'expert_sanctions', { timestamps: false }),
  );
  return {
    ExpertCatalogRow: BoundCatalog as typeof CatalogRow,
    Expert: BoundExpert as typeof Expert,
    ExpertSpecialty: BoundSpecialty as typeof ExpertSpecialty,
    ExpertConflict: BoundConflict as typeof ExpertConflict,
    ExpertUnavailableDay: BoundDay as typeof ExpertUnavailableDay,
    ExpertRating: BoundRating as typeof ExpertRating,
    ExpertSanction: BoundSanction as typeof ExpertSanction,
  };
}

export type ExpertModels = ReturnType<typeof initExpertModels>;
