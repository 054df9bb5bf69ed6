// Writes the checked-in test vectors: a small sealed bid with every key needed to open it. Node, the
// browser and the CLI must all accept these exact bytes. Run once (`npx tsx <this file>`); re-running
// makes new random keys and a new file, so only do it when the format itself changes.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCsr, createRootCertificate, issueCertificate, type SubjectInfo } from '../../ca.js';
import { toHex, utf8 } from '../../encoding.js';
import { signPss } from '../../signatures.js';
import { bidPackage, bidPackageSize, type BidManifest } from '../bid-package.js';
import { sealBid } from '../seal.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const at = new Date('2026-01-05T02:00:00.000Z');

const newKey = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

const caKey = newKey();
const rootPem = createRootCertificate({
  keyPem: caKey,
  commonName: '测试根证书',
  organization: '阳光测试',
  now: at,
});
const subject = (commonName: string, role: SubjectInfo['role']): SubjectInfo => ({
  commonName,
  organization: commonName,
  uscc: '91110000600037341L',
  regionCode: '450100',
  role,
});
function issue(keyPem: string, serialHex: string, name: string, role: SubjectInfo['role']) {
  const csrPem = createCsr({ keyPem, commonName: name });
  const certPem = issueCertificate({
    csrPem,
    caCertPem: rootPem,
    caKeyPem: caKey,
    subject: subject(name, role),
    serialHex,
    now: at,
    validityDays: 3650,
    usage: 'signing-and-encryption',
  });
  return { keyPem, certPem, serial: serialHex };
}

const bidder = { partyId: randomUUID(), ...issue(newKey(), '0b1d0001', '测试投标人', 'bidder') };
const custodians = [1, 2, 3].map((position) => ({
  position,
  ...issue(newKey(), `0c0500${position}0`, `测试密钥保管人${position}`, 'custodian'),
}));

const attachment = utf8('技术标：施工组织设计。'.repeat(40));
const manifest: BidManifest = {
  form: { price: 123456789, duration: 180, quality: '合格' },
  attachments: [{ name: '技术标.txt', size: attachment.length, mediaType: 'text/plain' }],
};
const pieces: Uint8Array[] = [];
const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
for await (const piece of sealBid(
  {
    tender: { id: randomUUID(), code: 'E4501002026010500010' },
    section: { id: randomUUID(), code: 'E4501002026010500010001' },
    bidder: {
      ...bidder,
      certificatePem: bidder.certPem,
      certificateSerial: bidder.serial,
      sign: (d) => signPss(bidder.keyPem, d),
    },
    custodians: {
      threshold: 2,
      members: custodians.map((c) => ({
        position: c.position,
        certificatePem: c.certPem,
        certificateSerial: c.serial,
      })),
    },
    plaintextSize: bidPackageSize(manifest),
    sealedAt: at,
    chunkSize: 256,
    contentKey: key,
  },
  bidPackage(manifest, [[attachment]]),
)) {
  pieces.push(piece);
}
writeFileSync(join(here, 'sealed-bid-v1.ygsb'), Buffer.concat(pieces));
writeFileSync(
  join(here, 'sealed-bid-v1.json'),
  JSON.stringify(
    {
      note: 'TEST KEYS ONLY. Opens sealed-bid-v1.ygsb; contentKey is recorded so the body can be re-encrypted byte for byte.',
      rootPem,
      bidder,
      custodians,
      contentKey: toHex(key),
      manifest,
      attachmentText: '技术标：施工组织设计。'.repeat(40),
    },
    null,
    2,
  ) + '\n',
);
process.stdout.write('wrote sealed-bid-v1.ygsb and sealed-bid-v1.json\n');
