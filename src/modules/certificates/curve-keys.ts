// Key custodians' P-256 keys for sealed-bid format 2 (issue 15; crypto/sealed-bid/SPEC.md, "Format 2").
// A custodian registers one per certificate: signed with that certificate's RSA key (the same key that
// signs its share reports) and proven with the curve key itself over its own id, so nobody can register a
// key it does not hold, or one in another custodian's name. Tenders read them to expose each member's key.
import { Op, type Transaction } from 'sequelize';
import { sealedBid } from '../../../crypto/index.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { unprocessable } from '../../platform/errors.js';
import type { Certificate, CertificateModels, CustodianCurveKey } from './models.js';
import type { CurveKeyRegistration, CurveKeyView } from './schemas.js';

export const toCurveKeyView = (k: CustodianCurveKey): CurveKeyView => ({
  certificateSerial: k.certificateSerial,
  publicKey: k.publicKey,
  wrappedSeed: k.wrappedSeed,
  signature: k.signature,
  registeredAt: k.updatedAt.toISOString(),
});

export class CurveKeys {
  constructor(
    private readonly models: CertificateModels,
    private readonly deps: { db: Database; audit: AuditLog; clock: Clock },
    private readonly activeCertificate: (userId: string, at: Date) => Promise<Certificate | null>,
  ) {}

  /** Registers (or replaces) the caller's key for its active certificate, after every check passes. */
  async register(ctx: RequestContext, body: CurveKeyRegistration): Promise<CurveKeyView> {
    const userId = ctx.actor!.userId;
    const { db, audit, clock } = this.deps;
    const cert = await this.activeCertificate(userId, clock.now());
    if (!cert || cert.serial !== body.certificateSerial) {
      throw unprocessable(
        'CERTIFICATE_NOT_ACTIVE',
        'A custodian key is registered for your valid, unrevoked certificate only',
        { activeCertificateSerial: cert?.serial ?? null },
      );
    }
    const failure = await sealedBid.registrationFailure(userId, cert.pem, body);
    if (failure === 'CUSTODIAN_KEY_UNSIGNED') {
      throw unprocessable(failure, "The key is not signed by your certificate's key");
    }
    if (failure === 'KEY_POSSESSION_INVALID') {
      throw unprocessable(failure, 'The proof of possession does not verify for this key and custodian');
    }
    return db.transaction(async (t) => {
      const row = {
        certificateSerial: cert.serial,
        userId,
        publicKey: body.publicKey,
        wrappedSeed: body.wrappedSeed,
        signature: body.signature,
        possession: JSON.stringify(body.possession),
      };
      const { CustodianCurveKey } = this.models;
      const existing = await CustodianCurveKey.findByPk(cert.serial, { transaction: t, lock: t.LOCK.UPDATE });
      const saved = existing
        ? await existing.update(row, { transaction: t })
        : await CustodianCurveKey.create(row, { transaction: t });
      await audit.append(t, ctx, {
        action: 'custodian.curve-key.register',
        subject: `certificate:${cert.serial}`,
        data: { publicKey: body.publicKey, replaced: existing?.publicKey ?? null },
      });
      return toCurveKeyView(saved);
    });
  }

  async own(userId: string): Promise<CurveKeyView | null> {
    const cert = await this.activeCertificate(userId, this.deps.clock.now());
    const key = cert && (await this.models.CustodianCurveKey.findByPk(cert.serial));
    return key ? toCurveKeyView(key) : null;
  }

  /** The keys registered for these certificates, by serial (tenders: the members' frozen certificates). */
  async forCertificates(
    serials: string[],
    transaction?: Transaction,
  ): Promise<Map<string, sealedBid.CustodianKey>> {
    if (serials.length === 0) return new Map();
    const rows = await this.models.CustodianCurveKey.findAll({
      transaction,
      where: { certificateSerial: { [Op.in]: serials } },
    });
    return new Map(
      rows.map((k) => [
        k.certificateSerial,
        { publicKey: k.publicKey, wrappedSeed: k.wrappedSeed, signature: k.signature },
      ]),
    );
  }
}
