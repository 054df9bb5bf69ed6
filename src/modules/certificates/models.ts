import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A certificate the platform CA issued. The private key it certifies never reached the server. */
export class Certificate extends Model<InferAttributes<Certificate>, InferCreationAttributes<Certificate>> {
  declare serial: string;
  declare userId: string | null;
  declare partyId: string | null;
  declare purpose: 'party' | 'personal';
  declare subjectCn: string;
  declare subjectUscc: string | null;
  declare fingerprint: string;
  declare pem: string;
  declare notBefore: Date;
  declare notAfter: Date;
  declare revokedAt: Date | null;
  declare revocationReason: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A key custodian's P-256 key for sealed-bid format 2, one per certificate (migration 0028). */
export class CustodianCurveKey extends Model<
  InferAttributes<CustodianCurveKey>,
  InferCreationAttributes<CustodianCurveKey>
> {
  declare certificateSerial: string;
  declare userId: string;
  declare publicKey: string;
  declare wrappedSeed: string;
  declare signature: string;
  declare possession: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the model to one database (see initPartyModels for why a subclass). */
export function initCertificateModels(sequelize: Sequelize) {
  const BoundCertificate = class extends Certificate {};
  BoundCertificate.init(
    {
      serial: { type: DataTypes.STRING(40), primaryKey: true },
      userId: { type: DataTypes.STRING(36), allowNull: true },
      partyId: { type: DataTypes.STRING(36), allowNull: true },
      purpose: { type: DataTypes.STRING(24), allowNull: false },
      subjectCn: { type: DataTypes.STRING(200), allowNull: false },
      subjectUscc: { type: DataTypes.STRING(18), allowNull: true },
      fingerprint: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      pem: { type: DataTypes.TEXT, allowNull: false },
      notBefore: { type: DataTypes.DATE(3), allowNull: false },
      notAfter: { type: DataTypes.DATE(3), allowNull: false },
      revokedAt: { type: DataTypes.DATE(3), allowNull: true },
      revocationReason: { type: DataTypes.STRING(500), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'Certificate', tableName: 'certificates', underscored: true },
  );
  const BoundCurveKey = class extends CustodianCurveKey {};
  BoundCurveKey.init(
    {
      certificateSerial: { type: DataTypes.STRING(40), primaryKey: true },
      userId: { type: DataTypes.STRING(36), allowNull: false },
      publicKey: { type: DataTypes.STRING(66), allowNull: false },
      wrappedSeed: { type: DataTypes.TEXT, allowNull: false },
      signature: { type: DataTypes.TEXT, allowNull: false },
      possession: { type: DataTypes.TEXT, allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, modelName: 'CustodianCurveKey', tableName: 'custodian_curve_keys', underscored: true },
  );
  return {
    Certificate: BoundCertificate as typeof Certificate,
    CustodianCurveKey: BoundCurveKey as typeof CustodianCurveKey,
  };
}

export type CertificateModels = ReturnType<typeof initCertificateModels>;
