import { createPublicKey } from 'node:crypto';
import type { sealedBid } from '../../../crypto/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { AppError, conflict, unprocessable } from '../../platform/errors.js';
import type { CertificatesPort, CreditCheckPort } from './ports.js';
import { can, suspendedError } from '../tenders/index.js';
import type { BiddingTerms } from '../tenders/index.js';

type Header = sealedBid.SealedBidHeader;

/**
 * The tender takes bids, or their withdrawal: its status allows it (the tender state machine) and it is
 * before its deadline, to the millisecond (EB Art.27, ZB Art.28).
 */
export function assertOpenForBids(
  terms: BiddingTerms,
  now: Date,
  action: 'submitBid' | 'withdrawBid' = 'submitBid',
): void {
  // A supervisor's hold (监督暂停) comes first: whatever the status, nothing moves until it is lifted.
  if (terms.hold) throw suspendedError(terms.hold);
  if (!can(terms.status, action)) {
    throw conflict('TENDER_NOT_OPEN', `The tender is ${terms.status} and takes no bids`, {
      status: terms.status,
    });
  }
  if (now.getTime() >= terms.bidDeadline.getTime()) {
    throw conflict(
      'BID_DEADLINE_PASSED',
      `The bid deadline ${terms.bidDeadline.toISOString()} has passed; late bids are refused (EB Art.27)`,
      { bidDeadline: terms.bidDeadline.toISOString(), at: now.toISOString() },
    );
  }
}

/**
 * A party under a blacklisting record (失信惩戒, docs/domain.md §12) bids for nothing for the record's term:
 * refused at the upload's start, before a byte is read, with the record that bars it.
 */
export async function assertNotBarred(credit: CreditCheckPort | null, partyId: string): Promise<void> {
  const barring = await credit?.barring(partyId);
  if (!barring) return;
  const until = barring.validUntil ? ` until ${barring.validUntil}` : '';
  throw new AppError(
    403,
    'CREDIT_BARRED',
    `Your company is barred from bidding by credit record "${barring.kindName}"${until} (${barring.basis})`,
    { record: barring },
  );
}

/** The header names this tender and section, and the caller's own party. */
export function assertAddressedHere(header: Header, terms: BiddingTerms, sectionId: string, actor: Actor) {
  const section = terms.sections.find((s) => s.id === sectionId);
  if (
    header.tender.id !== terms.id ||
    header.tender.code !== terms.code ||
    header.section.id !== sectionId ||
    header.section.code !== section?.code
  ) {
    throw unprocessable(
      'BID_WRONG_TENDER',
      'The sealed bid was made for another tender or section than the one it was sent to',
      { header: { tender: header.tender, section: header.section } },
    );
  }
  if (header.bidder.partyId !== actor.partyId) {
    throw unprocessable('BID_WRONG_BIDDER', 'The sealed bid names another bidder than your company');
  }
}

/**
 * The key shares go to exactly the tender's custodians, by position and certificate, with the tender's
 * threshold: a share wrapped to anyone else could never be released at the opening.
 */
export function assertCustodians(header: Header, terms: BiddingTerms): void {
  const expected = terms.custodians.members.map((m) => `${m.position}:${m.certificateSerial ?? ''}`);
  const given = header.custodians.shares.map((s) => `${s.position}:${s.certificateSerial}`);
  if (expected.length !== given.length || expected.sort().join() !== given.sort().join()) {
    throw unprocessable(
      'BID_CUSTODIANS_MISMATCH',
      "The bid's key shares are not wrapped to this tender's key custodians; seal it again for this tender",
      { expected: terms.custodians.members },
    );
  }
  if (header.custodians.threshold !== terms.custodians.threshold) {
    throw unprocessable(
      'BID_THRESHOLD_MISMATCH',
      `The bid's key needs ${header.custodians.threshold} custodians to open; the tender says ${terms.custodians.threshold}`,
      { expected: terms.custodians.threshold, given: header.custodians.threshold },
    );
  }
}

const certificateInvalid = (message: string, details?: unknown) =>
  unprocessable('BID_CERTIFICATE_INVALID', message, details);

/**
 * The certificate the header names is the caller's own (user and party), chains to the platform root, is
 * current and unrevoked at `at`, and the bidder wrap uses it too. Returns its public key (SPKI PEM) for the
 * signature check: node reads it from the certificate natively, where handing the certificate itself to the
 * check would have node-forge parse it again for every bid.
 */
export async function bidderCertificate(
  certificates: CertificatesPort,
  header: Header,
  actor: Actor,
  at: Date,
): Promise<string> {
  const serial = header.bidder.certificateSerial;
  if (header.bidderWrap.certificateSerial !== serial) {
    throw certificateInvalid('The bid key is wrapped to another certificate than the one that signs it');
  }
  const cert = await certificates.get(serial).catch(() => null);
  if (!cert || cert.userId !== actor.userId || cert.partyId !== actor.partyId) {
    throw certificateInvalid(`Certificate ${serial} is not one of your own platform certificates`);
  }
  const verdict = await certificates.verify(cert.pem, at);
  if (!verdict.ok) {
    throw certificateInvalid(`Certificate ${serial} cannot sign bids: ${verdict.message}`, {
      reason: verdict.code,
    });
  }
  return createPublicKey(cert.pem).export({ type: 'spki', format: 'pem' }) as string;
}

/**
 * Again as the upload completes, what can change while it streams: the certificate's revocation and expiry.
 * Its owner and chain were checked with the header and do not change, so this is a row read rather than a
 * second chain verification (milliseconds of main-thread CPU per bid, with hundreds arriving at once).
 */
export async function assertStillValid(certificates: CertificatesPort, serial: string, at: Date) {
  const cert = await certificates.get(serial);
  if (cert.revokedAt !== null && Date.parse(cert.revokedAt) <= at.getTime()) {
    throw certificateInvalid(`Certificate ${serial} cannot sign bids: it has been revoked`, {
      reason: 'CERT_REVOKED',
    });
  }
  if (at.getTime() > Date.parse(cert.notAfter)) {
    throw certificateInvalid(`Certificate ${serial} cannot sign bids: it expired at ${cert.notAfter}`, {
      reason: 'CERT_EXPIRED',
    });
  }
}
