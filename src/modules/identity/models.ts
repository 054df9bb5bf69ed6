import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Role } from '../../platform/auth/roles.js';

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: string;
  declare username: string;
  declare displayName: string;
  declare passwordHash: string;
  declare role: Role;
  declare partyId: string | null;
  declare status: 'active' | 'disabled';
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Session extends Model<InferAttributes<Session>, InferCreationAttributes<Session>> {
  declare id: string;
  /** SHA-256 of the token; the token itself is only ever held by the client. */
  declare tokenHash: string;
  declare userId: string;
  declare ip: string | null;
  declare expiresAt: Date;
  declare revokedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Binds the models to one database (see initPartyModels for why subclasses). */
export function initIdentityModels(sequelize: Sequelize) {
  const BoundUser = class extends User {};
  const BoundSession = class extends Session {};
  const timestamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
  BoundUser.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      username: { type: DataTypes.STRING(32), allowNull: false, unique: true },
      displayName: { type: DataTypes.STRING(100), allowNull: false },
      passwordHash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      partyId: { type: DataTypes.STRING(36), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      ...timestamps,
    },
    { sequelize, modelName: 'User', tableName: 'users', underscored: true },
  );
  BoundSession.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      userId: { type: DataTypes.STRING(36), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      revokedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestamps,
    },
    { sequelize, modelName: 'Session', tableName: 'sessions', underscored: true },
  );
  BoundSession.belongsTo(BoundUser, { foreignKey: 'userId', as: 'user' });
  return { User: BoundUser as typeof User, Session: BoundSession as typeof Session };
}

export type IdentityModels = ReturnType<typeof initIdentityModels>;
