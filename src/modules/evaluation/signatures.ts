import type { Transaction } from 'sequelize';
import { canonicalJson, verifyPss } from '../../../crypto/index.js';
import type { Clock } from '../../platform/clock.js';
import { unprocessable } from '../../platform/errors.js';
import type { EvaluationMember } from './models.js';
import type { CertificatesPort } from './ports.js';

/**
 * A member's signed submission (declaration, review or score sheet; docs/domain.md §5): RSA-PSS SHA-256 over
 * the payload's canonical JSON, with the key of a platform certificate that is the member's own, chains to the
 * platform root, is valid now and not revoked. The payload names the evaluation and the member, so a signature
 * made for one cannot be replayed for another.
 */
export class Signatures {
  constructor(private readonly deps: { certificates: CertificatesPort; clock: Clock }) {}

  async verifySigned(
    t: Transaction,
    member: EvaluationMember,
    payload: object,
    signature: string,
    certificateSerial: string,
  ): Promise<void> {
    const named = payload as { evaluationId?: unknown; memberId?: unknown };
    if (named.evaluationId !== member.evaluationId || named.memberId !== member.id)
      throw unprocessable('PAYLOAD_MISMATCH', 'The signed payload names another evaluation or member');
    // The register's row, not a PEM the client sends: its owner is the one fact a client cannot forge.
    // In the step's transaction (see CertificatesService.get: pool starvation on MySQL otherwise).
    const cert = await this.deps.certificates.get(certificateSerial, t).catch(() => null);
    if (!cert || cert.userId !== member.userId)
      throw unprocessable(
        'CERTIFICATE_INVALID',
        `Certificate ${certificateSerial} is not one of your own platform certificates`,
      );
    const verdict = await this.deps.certificates.verify(cert.pem, this.deps.clock.now(), t);
    if (!verdict.ok)
      throw unprocessable('CERTIFICATE_INVALID', `Certificate ${certificateSerial}: ${verdict.message}`, {
        reason: verdict.code,
      });
    if (!(await verifyPss(cert.pem, canonicalJson(payload), signature)))
      throw unprocessable(
        'SIGNATURE_INVALID',
        'The signature does not verify for this payload and certificate',
      );
  }
}
