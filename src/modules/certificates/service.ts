import { Op, type Transaction } from 'sequelize';
import {
  CaError,
  certificateInfo,
  issueCertificate,
  parseCsr,
  randomSerialHex,
  verifyCertificate,
  type SubjectInfo,
} from '../../../crypto/index.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import { PARTY_ROLES, type RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { PlatformKeys } from '../../platform/keys/platform-keys.js';
import './events.js';
import type { Certificate, CertificateModels } from './models.js';
import type { CertificateView } from './schemas.js';
import type { PartiesPort } from './ports.js';

const VALIDITY_DAYS = 730;

export function toCertificateView(c: Certificate): CertificateView {
  return {
    serial: c.serial,
    userId: c.userId,
    partyId: c.partyId,
    purpose: c.purpose,
    subjectCn: c.subjectCn,
    subjectUscc: c.subjectUscc,
    fingerprint: c.fingerprint,
    pem: c.pem,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason,
  };
}

export type CertificateVerdict =
  | { ok: true; serial: string; subjectCn: string; subjectUscc: string | null }
  | { ok: false; code: string; message: string };

/**
 * The platform CA at work: certificates from CSRs made on the user's machine, revocation, and the one
 * verification every later module uses (chain to our root, validity at a time, not revoked at that time).
 */
export class CertificatesService {
  constructor(
    private readonly models: CertificateModels,
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      clock: Clock;
      events: EventBus;
      keys: PlatformKeys;
      parties: PartiesPort;
    },
  ) {}

  async issue(ctx: RequestContext, csrPem: string): Promise<CertificateView> {
    const actor = ctx.actor!;
    const subject = await this.subjectFor(ctx);
    const { keys, clock, db, audit, events } = this.deps;
    let pem: string;
    try {
      parseCsr(csrPem); // proves possession of the key before anything is signed
      pem = issueCertificate({
        csrPem,
        caCertPem: keys.rootCertPem,
        caKeyPem: keys.rootKeyPem,
        subject,
        serialHex: randomSerialHex(),
        now: clock.now(),
        validityDays: VALIDITY_DAYS,
        usage: 'signing-and-encryption',
      });
    } catch (err) {
      if (err instanceof CaError) throw unprocessable(err.code, err.message);
      throw err;
    }
    const info = certificateInfo(pem);
    return db.transaction(async (t) => {
      const cert = await this.models.Certificate.create(
        {
          serial: info.serialHex,
          userId: actor.userId,
          partyId: actor.partyId,
          purpose: subject.uscc ? 'party' : 'personal',
          subjectCn: subject.commonName,
          subjectUscc: subject.uscc ?? null,
          fingerprint: info.fingerprintSha256,
          pem,
          notBefore: info.notBefore,
          notAfter: info.notAfter,
          revokedAt: null,
          revocationReason: null,
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: 'certificate.issue',
        subject: `certificate:${cert.serial}`,
        data: { fingerprint: cert.fingerprint, subjectCn: cert.subjectCn, subjectUscc: cert.subjectUscc },
      });
      await events.publishAfterCommit(t, ctx, 'certificate.issued', {
        serial: cert.serial,
        userId: actor.userId,
        partyId: actor.partyId,
      });
      return toCertificateView(cert);
    });
  }

  /** The subject comes from verified platform data, never from the CSR. */
  private async subjectFor(ctx: RequestContext): Promise<SubjectInfo> {
    const actor = ctx.actor!;
    if (!PARTY_ROLES.includes(actor.role)) {
      return { commonName: actor.displayName, role: actor.role };
    }
    const party = actor.partyId ? await this.deps.parties.find(actor.partyId) : null;
    if (!party || party.status !== 'verified') {
      throw conflict('PARTY_NOT_VERIFIED', 'Certificates are issued to verified parties only');
    }
    return {
      commonName: party.name,
      organization: party.name,
      uscc: party.uscc,
      regionCode: party.regionCode,
      role: actor.role,
    };
  }

  async get(serial: string): Promise<CertificateView> {
    const cert = await this.models.Certificate.findByPk(serial);
    if (!cert) throw notFound('Certificate');
    return toCertificateView(cert);
  }

  async listOwn(ctx: RequestContext): Promise<CertificateView[]> {
    const certs = await this.models.Certificate.findAll({
      where: { userId: ctx.actor!.userId },
      order: [['notBefore', 'DESC']],
    });
    return certs.map(toCertificateView);
  }

  /** The user's newest certificate that is valid and unrevoked at `at`, for other modules (key custodians). */
  async activeCertificate(userId: string, at: Date, transaction?: Transaction): Promise<Certificate | null> {
    return this.models.Certificate.findOne({
      transaction,
      where: { userId, revokedAt: null, notBefore: { [Op.lte]: at }, notAfter: { [Op.gt]: at } },
      order: [['notBefore', 'DESC']],
    });
  }

  async revoke(ctx: RequestContext, serial: string, reason: string): Promise<CertificateView> {
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const cert = await this.models.Certificate.findByPk(serial, { transaction: t, lock: t.LOCK.UPDATE });
      if (!cert) throw notFound('Certificate');
      if (ctx.actor!.role !== 'admin' && cert.userId !== ctx.actor!.userId) {
        throw forbidden('Only the holder or an admin may revoke a certificate');
      }
      if (cert.revokedAt) throw conflict('CERT_ALREADY_REVOKED', 'The certificate is already revoked');
      await cert.update({ revokedAt: clock.now(), revocationReason: reason }, { transaction: t });
      await audit.append(t, ctx, {
        action: 'certificate.revoke',
        subject: `certificate:${serial}`,
        data: { reason },
      });
      await events.publishAfterCommit(t, ctx, 'certificate.revoked', { serial, reason });
      return toCertificateView(cert);
    });
  }

  /** Is this a certificate of ours, valid and unrevoked at `at` (default: now)? */
  async verify(certificatePem: string, at: Date = this.deps.clock.now()): Promise<CertificateVerdict> {
    const verdict = await verifyCertificate({
      certPem: certificatePem,
      rootPem: this.deps.keys.rootCertPem,
      at,
      isRevoked: async (serialHex) => {
        const cert = await this.models.Certificate.findByPk(serialHex);
        // A certificate our root signed but our register does not hold is not one we stand behind.
        return !cert || (cert.revokedAt !== null && cert.revokedAt.getTime() <= at.getTime());
      },
    });
    if (!verdict.ok) return { ok: false, code: verdict.code, message: verdict.message };
    const { serialHex, subject } = verdict.info;
    return { ok: true, serial: serialHex, subjectCn: subject.commonName, subjectUscc: subject.uscc ?? null };
  }
}
