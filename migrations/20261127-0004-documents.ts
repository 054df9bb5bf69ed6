import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Tender documents (招标文件): every version of every named file, its content in the blob store by SHA-256;
 * and who downloaded which (EB Art.21: kept secret until the bid deadline). Rows are never changed.
 */
const id = { type: DataTypes.STRING(36), primaryKey: true };
const ref = (model: string, allowNull = false) => ({
  type: DataTypes.STRING(36),
  allowNull,
  references: { model, key: 'id' },
  onDelete: 'RESTRICT',
});

export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.createTable('tender_documents', {
    id,
    tender_id: ref('tenders'),
    // Binary, so "Spec.pdf" and "spec.pdf" are two documents on MySQL as on SQLite (whose default is binary).
    name: { type: DataTypes.STRING(200).BINARY, allowNull: false },
    version: { type: DataTypes.INTEGER, allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: false },
    size: { type: DataTypes.BIGINT, allowNull: false },
    content_type: { type: DataTypes.STRING(100), allowNull: false },
    // The amendment (a clarification of kind 'amendment') that a published tender's new version came with.
    amendment_number: { type: DataTypes.INTEGER, allowNull: true },
    uploaded_by: ref('users'),
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('tender_documents', ['tender_id', 'name', 'version'], { unique: true });
  await qi.addIndex('tender_documents', ['sha256']);

  await qi.createTable('document_downloads', {
    id,
    document_id: ref('tender_documents'),
    tender_id: ref('tenders'),
    user_id: ref('users', true),
    party_id: ref('parties', true),
    ip: { type: DataTypes.STRING(64), allowNull: false },
    at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('document_downloads', ['tender_id', 'document_id']);
  await qi.addIndex('document_downloads', ['party_id']);
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('document_downloads');
  await qi.dropTable('tender_documents');
}
