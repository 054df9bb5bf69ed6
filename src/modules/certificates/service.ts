import { createHash } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import {
  CaError,
  certificateInfo,
  issueCertificate,
  parseCsr,
  pemToDer,
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
import { CurveKeys } from './curve-keys.js';
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
type Verified = Extract<CertificateVerdict, { ok: true }>;

/**
 * A certificate whose chain verified, with what the quick path needs to answer again without node-forge:
 * its register row's identity (serial, fingerprint), the revocation state it was verified under, and the
 * time both it and the root are valid.
 */
interface VerifiedChain {
  verdict: Verified;
  /** The root it chains to: another root (the platform's keys replaced) is a miss. */
  rootPem: string;
  /** The register's revokedAt when it verified, in ms or null: a revocation since then is a miss. */
  revokedAt: number | null;
  validFrom: number;
  validUntil: number;
}

const CHAINS_KEPT = 10_000;

/**
 * Verified chains by certificate fingerprint (SHA-256 of the DER). Every signed step (each sealed bid's
 * header, with hundreds arriving at once) asks verify() of the same certificates, and node-forge's checks
 * cost milliseconds of main-thread CPU each. A hit still reads the register row on every call, so a
 * revocation (on this node or another) is honoured at once: the row's revocation state must be the one the
 * chain was verified under, and a certificate revoked at `at` goes the full way to its refusal. Only an
 * "ok" is answered from here; every refusal comes from verifyCertificate with its own words.
 */
class ChainCache {
  private readonly chains = new Map<string, VerifiedChain>();

  static fingerprintOf(pem: string): string | null {
    try {
      return createHash('sha256').update(pemToDer(pem)).digest('hex');
    } catch {
      return null; // not PEM at all: the full check says why
    }
  }

  /** The verdict kept for this exact certificate, if its register row and `at` still allow it. */
  answer(fingerprint: string, rootPem: string, row: Certificate | null, at: Date): Verified | null {
    const known = this.chains.get(fingerprint);
    if (!known || known.rootPem !== rootPem) return null;
    if (!row || row.fingerprint !== fingerprint || row.serial !== known.verdict.serial) return null;
    const revokedAt = row.revokedAt?.getTime() ?? null;
    if (revokedAt !== known.revokedAt) return null;
    const t = at.getTime();
    if (revokedAt !== null && revokedAt <= t) return null;
    if (t < known.validFrom || t > known.validUntil) return null;
    return known.verdict;
  }

  keep(fingerprint: string, chain: VerifiedChain): void {
    if (this.chains.size >= CHAINS_KEPT) this.chains.delete(this.chains.keys().next().value!);
    this.chains.set(fingerprint, chain);
  }

  serialOf(fingerprint: string): string | undefined {
    return this.chains.get(fingerprint)?.verdict.serial;
  }
}

/**
 * The platform CA at work: certificates from CSRs made on the user's machine, revocation, and the one
 * verification every later module uses (chain to our root, validity at a time, not revoked at that time).
 */
export class CertificatesService {
  private readonly chains = new ChainCache();
  private rootValidity?: { pem: string; from: number; until: number };
  /** Key custodians' sealed-bid format 2 keys, one per certificate (curve-keys.ts). */
  readonly curveKeys: CurveKeys;

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
  ) {
    this.curveKeys = new CurveKeys(models, deps, (userId, at) => this.activeCertificate(userId, at));
  }

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

  /**
   * A certificate of the register. Inside a caller's transaction, pass it: on MySQL a read outside it takes a
   * second pooled connection while the transaction holds one, and enough concurrent callers (a committee's
   * signed steps at once) would wait on each other for connections forever.
   */
  async get(serial: string, t?: Transaction): Promise<CertificateView> {
    const cert = await this.models.Certificate.findByPk(serial, { transaction: t });
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

  /** Is this a certificate of ours, valid and unrevoked at `at` (default: now)? `t`: as for `get`. */
  async verify(
    certificatePem: string,
    at: Date = this.deps.clock.now(),
    t?: Transaction,
  ): Promise<CertificateVerdict> {
    const fingerprint = ChainCache.fingerprintOf(certificatePem);
    const knownSerial = fingerprint && this.chains.serialOf(fingerprint);
    if (fingerprint && knownSerial && !Number.isNaN(at.getTime())) {
      const row = await this.models.Certificate.findByPk(knownSerial, { transaction: t });
      const kept = this.chains.answer(fingerprint, this.deps.keys.rootCertPem, row, at);
      if (kept) return kept;
    }
    let registered: Certificate | null = null;
    const verdict = await verifyCertificate({
      certPem: certificatePem,
      rootPem: this.deps.keys.rootCertPem,
      at,
      isRevoked: async (serialHex) => {
        registered = await this.models.Certificate.findByPk(serialHex, { transaction: t });
        const cert = registered;
        // A certificate our root signed but our register does not hold is not one we stand behind.
        return !cert || (cert.revokedAt !== null && cert.revokedAt.getTime() <= at.getTime());
      },
    });
    if (!verdict.ok) return { ok: false, code: verdict.code, message: verdict.message };
    const { serialHex, subject, notBefore, notAfter, fingerprintSha256 } = verdict.info;
    const answer: Verified = {
      ok: true,
      serial: serialHex,
      subjectCn: subject.commonName,
      subjectUscc: subject.uscc ?? null,
    };
    const row = registered as Certificate | null;
    // Kept only for the very certificate the register holds, under the revocation state just read.
    if (fingerprint && fingerprint === fingerprintSha256 && row?.fingerprint === fingerprint) {
      const root = this.rootValidityOf();
      this.chains.keep(fingerprint, {
        verdict: answer,
        rootPem: root.pem,
        revokedAt: row.revokedAt?.getTime() ?? null,
        validFrom: Math.max(notBefore.getTime(), root.from),
        validUntil: Math.min(notAfter.getTime(), root.until),
      });
    }
    return answer;
  }

  /** When the platform root is valid (verifyCertificate checks it as well as the certificate). */
  private rootValidityOf(): { pem: string; from: number; until: number } {
    const pem = this.deps.keys.rootCertPem;
    if (this.rootValidity?.pem !== pem) {
      const info = certificateInfo(pem);
      this.rootValidity = { pem, from: info.notBefore.getTime(), until: info.notAfter.getTime() };
    }
    return this.rootValidity;
  }
}
