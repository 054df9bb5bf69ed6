import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Locality } from '../../../expert-pool/index.js';

/**
 * A draw's life: the request is committed (secret chosen, its hash shown to the supervisor), witnessed (the
 * supervisor looked and may have added entropy), drawn (members invited; declines and timeouts redraw), and
 * announced (the committee is public and the secret revealed).
 */
export const DRAW_STATUSES = ['committed', 'witnessed', 'drawn', 'announced'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/**
 * A seat's answers; `recused` is a confirmed member of an announced committee who declared a conflict with a
 * bidder (SS Art.48, docs/domain.md §4): the seat is redrawn as for a decline.
 */
export const MEMBER_STATUSES = ['invited', 'confirmed', 'declined', 'timed-out', 'recused'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export class ExpertDraw extends Model<InferAttributes<ExpertDraw>, InferCreationAttributes<ExpertDraw>> {
  declare id: string;
  declare tenderId: string;
  declare sectionId: string;
  declare tendereePartyId: string;
  declare agencyPartyId: string | null;
  declare requestedBy: string;
  declare supervisorUserId: string;
  declare status: DrawStatus;
  declare requestDigest: string;
  declare commitment: string;
  declare secretCipher: string;
  declare entropy: string | null;
  /** JSON of string[]: the bidders' USCCs when known, for the same-employer rule. */
  declare bidderUsccs: string;
  declare respondMinutes: number;
  /** JSON of the DrawRecord, with `secret` null until the announcement. */
  declare record: string;
  declare witnessedAt: Date | null;
  declare drawnAt: Date | null;
  declare announcedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DrawMember extends Model<InferAttributes<DrawMember>, InferCreationAttributes<DrawMember>> {
  declare id: string;
  declare drawId: string;
  declare expertId: string;
  declare slot: number;
  declare locality: Locality;
  declare step: number;
  declare status: MemberStatus;
  declare respondBy: Date;
  declare respondedAt: Date | null;
  declare declineReason: string | null;
  declare tendereeUscc: string;
  declare evaluationDate: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** An in-app message to an expert (抽取通知); SMS or voice go through a NotificationChannel besides. */
export class InboxMessage extends Model<
  InferAttributes<InboxMessage>,
  InferCreationAttributes<InboxMessage>
> {
  declare id: string;
  declare expertId: string;
  declare drawId: string | null;
  declare kind: string;
  declare title: string;
  declare body: string;
  declare readAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

export function initDrawModels(sequelize: Sequelize) {
  const options = (modelName: string, tableName: string, extra: object = {}) => ({
    sequelize,
    modelName,
    tableName,
    underscored: true,
    ...extra,
  });
  const BoundDraw = class extends ExpertDraw {};
  BoundDraw.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: str(36),
      sectionId: str(36),
      tendereePartyId: str(36),
      agencyPartyId: str(36, true),
      requestedBy: str(36),
      supervisorUserId: str(36),
      status: str(16),
      requestDigest: str(64),
      commitment: str(64),
      secretCipher: str(200),
      entropy: str(128, true),
      bidderUsccs: { type: DataTypes.TEXT, allowNull: false },
      respondMinutes: { type: DataTypes.INTEGER, allowNull: false },
      record: { type: DataTypes.TEXT, allowNull: false },
      witnessedAt: date(true),
      drawnAt: date(true),
      announcedAt: date(true),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    options('ExpertDraw', 'expert_draws'),
  );
  const BoundMember = class extends DrawMember {};
  BoundMember.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      drawId: str(36),
      expertId: str(36),
      slot: { type: DataTypes.INTEGER, allowNull: false },
      locality: str(8),
      step: { type: DataTypes.INTEGER, allowNull: false },
      status: str(16),
      respondBy: date(),
      respondedAt: date(true),
      declineReason: str(300, true),
      tendereeUscc: str(18),
      evaluationDate: str(10),
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    options('ExpertDrawMember', 'expert_draw_members'),
  );
  const BoundInbox = class extends InboxMessage {};
  BoundInbox.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      expertId: str(36),
      drawId: str(36, true),
      kind: str(24),
      title: str(300),
      body: { type: DataTypes.TEXT, allowNull: false },
      readAt: date(true),
      createdAt: DataTypes.DATE(3),
    },
    options('ExpertInboxMessage', 'expert_inbox', { updatedAt: false }),
  );
  return {
    ExpertDraw: BoundDraw as typeof ExpertDraw,
    DrawMember: BoundMember as typeof DrawMember,
    InboxMessage: BoundInbox as typeof InboxMessage,
  };
}

export type DrawModels = ReturnType<typeof initDrawModels>;
