import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One version of a named tender document (招标文件); the same name again is the next version. */
export class TenderDocument extends Model<
  InferAttributes<TenderDocument>,
  InferCreationAttributes<TenderDocument>
> {
  declare id: string;
  declare tenderId: string;
  declare name: string;
  declare version: number;
  /** The content's name in the blob store. */
  declare sha256: string;
  declare size: number;
  declare contentType: string;
  /** The amendment a published tender's new version came with; null for drafts. */
  declare amendmentNumber: number | null;
  declare uploadedBy: string;
  declare createdAt: CreationOptional<Date>;
}

/** Who obtained a document, and when (EB Art.21: secret until the bid deadline). */
export class DocumentDownload extends Model<
  InferAttributes<DocumentDownload>,
  InferCreationAttributes<DocumentDownload>
> {
  declare id: string;
  declare documentId: string;
  declare tenderId: string;
  /** Null for anonymous downloads, which EB Art.20 allows. */
  declare userId: string | null;
  declare partyId: string | null;
  declare ip: string;
  declare at: Date;
}

/** Binds the document models to one database (see initPartyModels for why subclasses). */
export function initDocumentModels(sequelize: Sequelize) {
  const BoundDocument = class extends TenderDocument {};
  BoundDocument.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tenderId: { type: DataTypes.STRING(36), allowNull: false },
      name: { type: DataTypes.STRING(200).BINARY, allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      sha256: { type: DataTypes.STRING(64), allowNull: false },
      size: {
        type: DataTypes.BIGINT,
        allowNull: false,
        // mysql2 may hand BIGINT over as a string; sizes stay far below 2^53.
        get(this: TenderDocument) {
          return Number(this.getDataValue('size'));
        },
      },
      contentType: { type: DataTypes.STRING(100), allowNull: false },
      amendmentNumber: { type: DataTypes.INTEGER, allowNull: true },
      uploadedBy: { type: DataTypes.STRING(36), allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    {
      sequelize,
      modelName: 'TenderDocument',
      tableName: 'tender_documents',
      underscored: true,
      updatedAt: false,
    },
  );
  const BoundDownload = class extends DocumentDownload {};
  BoundDownload.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      documentId: { type: DataTypes.STRING(36), allowNull: false },
      tenderId: { type: DataTypes.STRING(36), allowNull: false },
      userId: { type: DataTypes.STRING(36), allowNull: true },
      partyId: { type: DataTypes.STRING(36), allowNull: true },
      ip: { type: DataTypes.STRING(64), allowNull: false },
      at: { type: DataTypes.DATE(3), allowNull: false },
    },
    {
      sequelize,
      modelName: 'DocumentDownload',
      tableName: 'document_downloads',
      underscored: true,
      timestamps: false,
    },
  );
  return {
    TenderDocument: BoundDocument as typeof TenderDocument,
    DocumentDownload: BoundDownload as typeof DocumentDownload,
  };
}

export type DocumentModels = ReturnType<typeof initDocumentModels>;
