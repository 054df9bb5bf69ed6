import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Category, TenderStatus } from '../tenders/index.js';
import type { NoticeKind } from './kinds.js';

/**
 * A notice (公告) as published: its text is generated from the tender's data once, when the step happens,
 * and never edited. Region, category and the tender's status are copied here so the public feed filters
 * without joining the tenders table; the status follows every tender event.
 */
export class Notice extends Model<InferAttributes<Notice>, InferCreationAttributes<Notice>> {
  declare id: string;
  declare tenderId: string;
  declare kind: NoticeKind;
  declare number: number;
  declare title: string;
  declare body: string;
  declare regionCode: string;
  declare category: Category;
  declare tenderStatus: TenderStatus;
  declare publishedAt: Date;
  declare dateModified: Date;
}

/** Binds the models to one database (see initPartyModels for why subclasses). */
export function initNoticeModels(sequelize: Sequelize) {
  const BoundNotice = class extends Notice {};
  BoundNotice.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: { type: DataTypes.STRING(36), allowNull: false },
      kind: { type: DataTypes.STRING(24), allowNull: false },
      number: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING(300), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      regionCode: { type: DataTypes.CHAR(6), allowNull: false },
      category: { type: DataTypes.CHAR(1), allowNull: false },
      tenderStatus: { type: DataTypes.STRING(16), allowNull: false },
      publishedAt: { type: DataTypes.DATE(3), allowNull: false },
      dateModified: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, modelName: 'Notice', tableName: 'notices', underscored: true, timestamps: false },
  );
  return { Notice: BoundNotice as typeof Notice };
}

export type NoticeModels = ReturnType<typeof initNoticeModels>;
