import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/** Parties (market entities), users, sessions and the certificates the platform CA issued. */
const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.createTable('parties', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    uscc: { type: DataTypes.STRING(18), allowNull: false, unique: true },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    region_code: { type: DataTypes.STRING(6), allowNull: false },
    contact_name: { type: DataTypes.STRING(64), allowNull: false },
    contact_phone: { type: DataTypes.STRING(32), allowNull: false },
    contact_email: { type: DataTypes.STRING(254), allowNull: true },
    address: { type: DataTypes.STRING(300), allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    verified_at: { type: DataTypes.DATE(3), allowNull: true },
    verified_by: { type: DataTypes.STRING(36), allowNull: true },
    rejection_reason: { type: DataTypes.STRING(500), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('parties', ['status', 'created_at', 'id']);

  await qi.createTable('users', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    username: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    display_name: { type: DataTypes.STRING(100), allowNull: false },
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false },
    party_id: {
      type: DataTypes.STRING(36),
      allowNull: true,
      references: { model: 'parties', key: 'id' },
      onDelete: 'RESTRICT',
    },
    status: { type: DataTypes.STRING(16), allowNull: false },
    ...timestamps,
  });

  await qi.createTable('sessions', {
    id: { type: DataTypes.STRING(36), primaryKey: true },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    user_id: {
      type: DataTypes.STRING(36),
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('sessions', ['user_id']);

  await qi.createTable('certificates', {
    serial: { type: DataTypes.STRING(40), primaryKey: true },
    user_id: {
      type: DataTypes.STRING(36),
      allowNull: true,
      references: { model: 'users', key: 'id' },
      onDelete: 'RESTRICT',
    },
    party_id: { type: DataTypes.STRING(36), allowNull: true },
    purpose: { type: DataTypes.STRING(24), allowNull: false },
    subject_cn: { type: DataTypes.STRING(200), allowNull: false },
    subject_uscc: { type: DataTypes.STRING(18), allowNull: true },
    fingerprint: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    pem: { type: DataTypes.TEXT, allowNull: false },
    not_before: { type: DataTypes.DATE(3), allowNull: false },
    not_after: { type: DataTypes.DATE(3), allowNull: false },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    revocation_reason: { type: DataTypes.STRING(500), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('certificates', ['user_id']);
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('certificates');
  await qi.dropTable('sessions');
  await qi.dropTable('users');
  await qi.dropTable('parties');
}
