import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Sealed bids (EB Art.26-27): one bid per bidder per section, and every version uploaded for it (the newest
 * counts). The ciphertext lives in the blob store by SHA-256; the rows keep what the server checked (header,
 * digest, signature, certificate), the signed receipt exactly as sent, and what supervision records
 * (address, user agent, device, the deposit's paying account). Versions are never changed, but for the
 * idempotency key, which is cleared when an expired key is used again.
 */
const id = { type: DataTypes.STRING(36), primaryKey: true };
const ref = (model: string) => ({
  type: DataTypes.STRING(36),
  allowNull: false,
  references: { model, key: 'id' },
  onDelete: 'RESTRICT',
});

export async function up({ queryInterface: qi, dialect }: MigrationContext): Promise<void> {
  // MEDIUMTEXT on MySQL: a header may be up to 256 KiB (SPEC.md).
  const longText = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;

  await qi.createTable('bids', {
    id,
    tender_id: ref('tenders'),
    section_id: ref('tender_sections'),
    bidder_party_id: ref('parties'),
    status: { type: DataTypes.STRING(12), allowNull: false },
    current_version: { type: DataTypes.INTEGER, allowNull: false },
    withdrawn_at: { type: DataTypes.DATE(3), allowNull: true },
    withdrawal_receipt: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('bids', ['tender_id', 'section_id', 'bidder_party_id'], {
    unique: true,
    name: 'bids_one_per_bidder',
  });
  await qi.addIndex('bids', ['bidder_party_id'], { name: 'bids_by_bidder' });

  await qi.createTable('bid_versions', {
    id,
    bid_id: ref('bids'),
    version: { type: DataTypes.INTEGER, allowNull: false },
    bidder_party_id: ref('parties'),
    submitted_by: ref('users'),
    blob_sha256: { type: DataTypes.STRING(64), allowNull: false },
    size: { type: DataTypes.BIGINT, allowNull: false },
    header: { type: longText, allowNull: false },
    header_sha256: { type: DataTypes.STRING(64), allowNull: false },
    body_digest: { type: DataTypes.STRING(64), allowNull: false },
    signature: { type: DataTypes.TEXT, allowNull: false },
    certificate_serial: { type: DataTypes.STRING(40), allowNull: false },
    received_at: { type: DataTypes.DATE(3), allowNull: false },
    ip: { type: DataTypes.STRING(64), allowNull: false },
    user_agent: { type: DataTypes.STRING(500), allowNull: true },
    device: { type: DataTypes.TEXT, allowNull: true },
    deposit_account: { type: DataTypes.TEXT, allowNull: true },
    idempotency_key: { type: DataTypes.STRING(128).BINARY, allowNull: true },
    idempotency_expires_at: { type: DataTypes.DATE(3), allowNull: true },
    receipt: { type: DataTypes.TEXT, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('bid_versions', ['bid_id', 'version'], { unique: true, name: 'bid_versions_number' });
  // A key names one upload per bidder: concurrent retries collide here, not in a race.
  await qi.addIndex('bid_versions', ['bidder_party_id', 'idempotency_key'], {
    unique: true,
    name: 'bid_versions_idempotency',
  });
  await qi.addIndex('bid_versions', ['blob_sha256'], { name: 'bid_versions_blob' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('bid_versions');
  await qi.dropTable('bids');
}
