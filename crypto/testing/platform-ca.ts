// Test-only: a platform CA and a party certificate issued from it, built the way the server will.
import { createCsr, createRootCertificate, issueCertificate, type SubjectInfo } from '../ca.js';
import { testKey } from './keys.js';

export const ISSUED_AT = new Date('2025-03-01T02:00:00.000Z');

export const PARTY: SubjectInfo = {
  commonName: '北京阳光建设工程有限公司',
  organization: '北京阳光建设工程有限公司',
  uscc: '91110000600037341L',
  regionCode: '110000',
  role: 'bidder',
};

export type TestCa = { rootPem: string; keyPem: string };

/** A root CA; two calls with different names give two roots with the same subject but different keys. */
export function testCa(keyName = 'platform-root'): TestCa {
  const keyPem = testKey(keyName).pkcs1Pem;
  const rootPem = createRootCertificate({
    keyPem,
    commonName: '阳光平台根证书',
    organization: '阳光电子交易平台',
    now: new Date('2025-01-01T00:00:00.000Z'),
  });
  return { rootPem, keyPem };
}

export function issuePartyCertificate(ca: TestCa, serialHex = '4a7c9e01', keyName = 'party'): string {
  return issueCertificate({
    csrPem: createCsr({ keyPem: testKey(keyName).privatePem, commonName: 'whatever the client typed' }),
    caCertPem: ca.rootPem,
    caKeyPem: ca.keyPem,
    subject: PARTY,
    serialHex,
    now: ISSUED_AT,
    validityDays: 365,
    usage: 'signing-and-encryption',
  });
}
