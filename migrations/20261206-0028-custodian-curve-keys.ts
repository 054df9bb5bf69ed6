import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../src/platform/db/migrator.js';

/**
 * Sealed-bid format 2 in real use (issue 15): each key custodian registers a P-256 key (crypto/sealed-bid/
 * SPEC.md, "Format 2"), one per certificate, signed by that certificate's RSA key and proven with the new
 * key itself. A tender exposes the key registered for each member's frozen certificate, so a bidder can
 * seal a bid whose openability the server checks at receipt. Re-registering replaces the row: bids carry
 * the key they were sealed to (with its wrapped seed), so earlier bids still open.
 */
export async function up({ queryInterface: qi }: MigrationContext): Promise<void> {
  const s = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const d = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  await qi.createTable('custodian_curve_keys', {
    certificate_serial: { type: DataTypes.STRING(40), primaryKey: true },
    user_id: s(36),
    /** Compressed P-256 point, hex (66). */
    public_key: s(66),
    /** The seed of the private scalar, RSA-OAEP-wrapped to the certificate (base64). */
    wrapped_seed: { type: DataTypes.TEXT, allowNull: false },
    signature: { type: DataTypes.TEXT, allowNull: false },
    /** The proof of possession as registered (JSON {c, z}), kept so anyone can re-check it. */
    possession: { type: DataTypes.TEXT, allowNull: false },
    created_at: d(),
    updated_at: d(),
  });
  await qi.addIndex('custodian_curve_keys', ['user_id'], { name: 'custodian_curve_keys_user' });
}

export async function down({ queryInterface: qi }: MigrationContext): Promise<void> {
  await qi.dropTable('custodian_curve_keys');
}
