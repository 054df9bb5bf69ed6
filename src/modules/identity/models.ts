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

export function initIdentityModels(sequelize: Sequelize): void {
  const timestamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
  User.init(
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
    { sequelize, tableName: 'users', underscored: true },
  );
  Session.init(
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      userId: { type: DataTypes.STRING(36), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      revokedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestamps,
    },
    { sequelize, tableName: 'sessions', underscored: true },
  );
  Session.belongsTo(User, { foreignKey: 'userId', as: 'user' });
}
