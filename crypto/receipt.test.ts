import assert from 'node:assert/strict';
import { certificateInfo } from './certificate-info.js';
import { signBidReceipt, verifyBidReceipt } from './receipt.js';
import { signPss } from './signatures.js';
import { testCa, issuePartyCertificate } from './testing/platform-ca.js';
import { testKey } from './testing/keys.js';

describe('bid receipts (确认回执)', () => {
  const ca = testCa();
  const platformCert = issuePartyCertificate(ca, '5e1f0001', 'platform-signing');
  const otherCert = issuePartyCertificate(ca, '5e1f0002', 'other-signing');
  const sign = (data: string) => signPss(testKey('platform-signing').privatePem, data);
  const fields = {
    bidId: 'b-1',
    bidVersion: 2,
    tender: { id: 't-1', code: 'E4501002026010500010' },
    section: { id: 's-1', code: 'E4501002026010500010001' },
    bidder: { partyId: 'p-1', name: '北京阳光建设工程有限公司', uscc: '91110000600037341L' },
    ciphertextSha256: 'ab'.repeat(32),
    size: 4566,
    receivedAt: '2026-01-05T02:00:00.123Z',
    platformCertificate: certificateInfo(platformCert).fingerprintSha256,
  };

  it('verifies offline against the platform certificate', async () => {
    const signed = await signBidReceipt(fields, sign);
    assert.deepEqual(await verifyBidReceipt(JSON.parse(JSON.stringify(signed)), platformCert), { ok: true });
  });

  it('fails when any field changes, under another certificate, or when malformed', async () => {
    const signed = await signBidReceipt(fields, sign);
    const changed = { ...signed, receipt: { ...signed.receipt, size: 4567 } };
    assert.equal((await verifyBidReceipt(changed, platformCert)).ok, false);
    const later = { ...signed, receipt: { ...signed.receipt, receivedAt: '2026-01-05T02:00:00.124Z' } };
    assert.equal((await verifyBidReceipt(later, platformCert)).ok, false);
    assert.deepEqual(await verifyBidReceipt(signed, otherCert), {
      ok: false,
      reason: 'signed by another platform certificate',
    });
    assert.equal((await verifyBidReceipt({ receipt: {}, signature: 'x' }, platformCert)).ok, false);
  });
});
