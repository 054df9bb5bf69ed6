// The CLI without a server: sealing from a saved tender with a PKCS#12 key, the bid form rules,
// and the refusals and exit codes a script relies on. The sealed file is opened here with the
// custodians' keys to prove it holds exactly the form and the attachment bytes.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCertificate, createRootCertificate, randomSerialHex, sealedBid } from '../crypto/index.js';
import { nodeEngine } from '../crypto/node/engine.js';
import { userKeyAndCsr } from './helpers/keys.js';
import { runInProcess } from './helpers/cli.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function localCa() {
  const { keyPem: caKeyPem } = userKeyAndCsr('ca');
  const now = new Date();
  const caCertPem = createRootCertificate({
    keyPem: caKeyPem,
    commonName: 'Test CA',
    organization: 'Test',
    now,
  });
  const issue = (commonName: string) => {
    const { keyPem, csrPem } = userKeyAndCsr(commonName);
    const serialHex = randomSerialHex();
    const certPem = issueCertificate({
      caCertPem,
      caKeyPem,
      csrPem,
      serialHex,
      now,
      validityDays: 365,
      subject: { commonName },
      usage: 'signing-and-encryption',
    });
    return { keyPem, certPem, serial: serialHex.toLowerCase() };
  };
  return { issue };
}

/** Opens a sealed file with two custodians' keys: the form and each attachment's SHA-256. */
async function openSealed(file: Buffer, custodianKeys: Map<number, string>) {
  const read = async (key?: Uint8Array) => {
    const plain: Uint8Array[] = [];
    const reader = new sealedBid.SealedBidReader({
      engine: nodeEngine,
      decrypt: key && { key, onPlaintext: (b) => void plain.push(b) },
    });
    await reader.push(file);
    return { summary: await reader.end(), plain };
  };
  const { summary } = await read();
  const shares = await Promise.all(
    [...custodianKeys].map(async ([position, keyPem]) => ({
      position,
      share: await sealedBid.unwrapShare(summary.header, position, keyPem),
    })),
  );
  const recovered = await sealedBid.recoverContentKey(summary.header, shares);
  assert.ok(recovered.ok);
  const { plain } = await read(recovered.key);
  const attachments: Buffer[][] = [];
  const pkg = new sealedBid.BidPackageReader(
    (i, bytes) => void (attachments[i] ??= []).push(Buffer.from(bytes)),
  );
  for (const piece of plain) await pkg.push(piece);
  const manifest = pkg.end();
  return {
    header: summary.header,
    manifest,
    digests: attachments.map((parts) => sha256(Buffer.concat(parts))),
  };
}

describe('yangguang CLI offline: seal from a saved tender', function () {
  this.timeout(60_000);
  let dir: string;
  const at = (name: string) => join(dir, name);
  const ca = localCa();
  const custodians = [1, 2, 3].map((position) => ({ position, ...ca.issue(`custodian ${position}`) }));
  const bidder = ca.issue('bidder');
  const partyId = randomUUID();
  const tender = {
    id: randomUUID(),
    code: 'YG-2026-0001',
    title: '道路改造工程施工招标',
    status: 'published',
    bidFormFields: [
      { key: 'price', label: '投标报价', type: 'money', required: true, readOut: true },
      { key: 'durationDays', label: '工期', type: 'integer', required: true, readOut: true },
      { key: 'remark', label: '备注', type: 'text', required: false, readOut: false },
    ],
    schedule: { bidDeadline: '2099-01-01T00:00:00.000Z' },
    sections: [{ id: randomUUID(), code: '001', name: '第一标段', maxPriceFen: 1_000_000_00 }],
    custodians: {
      threshold: 2,
      members: custodians.map((c) => ({
        position: c.position,
        certificateSerial: c.serial,
        certificatePem: c.certPem,
      })),
    },
  };
  const env = { YANGGUANG_P12_PASSWORD: 'p12-secret-pass' };
  const sealArgs = (form: string, out: string, ...extra: string[]) => [
    'seal',
    '--tender-json',
    at('tender.json'),
    '--form',
    at(form),
    '--p12',
    at('bidder.p12'),
    '--party-id',
    partyId,
    '--out',
    at(out),
    '--quiet',
    ...extra,
  ];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yg-cli-offline-'));
    writeFileSync(at('tender.json'), JSON.stringify(tender));
    writeFileSync(at('key.pem'), bidder.keyPem);
    writeFileSync(at('cert.pem'), bidder.certPem);
    writeFileSync(
      at('form.json'),
      JSON.stringify({ price: 987_654_32, durationDays: 120, remark: '含税价' }),
    );
    writeFileSync(at('a.pdf'), randomBytes(200_000));
    writeFileSync(at('empty.txt'), '');
    const exported = await runInProcess(
      ['pkcs12', 'export', '--key', at('key.pem'), '--cert', at('cert.pem'), '--out', at('bidder.p12')],
      env,
    );
    assert.equal(exported.code, 0, exported.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exports a PKCS#12 file only its owner can read', () => {
    assert.equal(statSync(at('bidder.p12')).mode & 0o777, 0o600);
  });

  it('seals with the PKCS#12 key; two custodians open exactly the form and the attachments', async () => {
    const run = await runInProcess(
      [
        ...sealArgs('form.json', 'bid.ygsb'),
        '--attach',
        at('a.pdf'),
        '--attach',
        at('empty.txt'),
        '--chunk-size',
        '65536',
      ],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const opened = await openSealed(
      readFileSync(at('bid.ygsb')),
      new Map([
        [1, custodians[0]!.keyPem],
        [3, custodians[2]!.keyPem],
      ]),
    );
    assert.deepEqual(opened.manifest, {
      form: { price: 987_654_32, durationDays: 120, remark: '含税价' },
      attachments: [
        { name: 'a.pdf', size: 200_000, mediaType: 'application/pdf' },
        { name: 'empty.txt', size: 0, mediaType: 'text/plain' },
      ],
    });
    assert.deepEqual(opened.digests.slice(0, 1), [sha256(readFileSync(at('a.pdf')))]);
    assert.equal(opened.header.bidder.partyId, partyId);
    assert.equal(opened.header.bidder.certificateSerial, bidder.serial);
    assert.equal(opened.header.chunkSize, 65536);
    assert.match(run.stdout, new RegExp(`SHA-256 ${sha256(readFileSync(at('bid.ygsb')))}`));
  });

  it('refuses forms the tender would reject, all problems at once, and writes nothing', async () => {
    const cases: [unknown, RegExp[]][] = [
      [{ durationDays: 120 }, [/"price" \(投标报价\) is required/]],
      [{ price: 1234.5, durationDays: 120 }, [/whole number of fen/]],
      [{ price: '98765432', durationDays: 120 }, [/whole number of fen/]],
      [{ price: 1_000_000_01, durationDays: 120 }, [/above section 001's maximum price/]],
      [
        { price: 0, durationDays: '120' },
        [/cannot be zero/, /"durationDays" \(工期\) must be a whole number/],
      ],
      [{ price: 5, durationDays: 1, discount: 3 }, [/"discount" is not a field of this tender's bid form/]],
      [[1, 2], [/must be a JSON object/]],
    ];
    for (const [form, messages] of cases) {
      writeFileSync(at('bad-form.json'), JSON.stringify(form));
      const run = await runInProcess(sealArgs('bad-form.json', 'bad.ygsb'), env);
      assert.equal(run.code, 1, JSON.stringify(form));
      for (const m of messages) assert.match(run.stderr, m);
      assert.equal(existsSync(at('bad.ygsb')), false);
    }
  });

  it('refuses a wrong PKCS#12 password, a key with another certificate, and an unknown party offline', async () => {
    const wrong = await runInProcess(sealArgs('form.json', 'x.ygsb'), { YANGGUANG_P12_PASSWORD: 'wrong' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Wrong password for the PKCS#12 file/);

    writeFileSync(at('other-key.pem'), custodians[0]!.keyPem);
    const common = [
      'seal',
      '--tender-json',
      at('tender.json'),
      '--form',
      at('form.json'),
      '--out',
      at('x.ygsb'),
    ];
    const mismatch = await runInProcess([
      ...common,
      '--key',
      at('other-key.pem'),
      '--cert',
      at('cert.pem'),
      '--party-id',
      partyId,
    ]);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /not the one for this private key/);

    const noParty = await runInProcess([...common, '--key', at('key.pem'), '--cert', at('cert.pem')]);
    assert.equal(noParty.code, 2);
    assert.match(noParty.stderr, /pass --party-id/);
    assert.equal(existsSync(at('x.ygsb')), false);
  });

  it('refuses a tender whose custodians have no certificate, and a saved tender that is another one', async () => {
    const broken = structuredClone(tender);
    broken.custodians.members[1]!.certificatePem = null as unknown as string;
    writeFileSync(at('broken.json'), JSON.stringify(broken));
    const run = await runInProcess(
      [...sealArgs('form.json', 'x.ygsb').map((a) => (a === at('tender.json') ? at('broken.json') : a))],
      env,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Custodian 2 .* has no certificate/);

    const other = await runInProcess([...sealArgs('form.json', 'x.ygsb'), '--tender', randomUUID()], env);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /holds tender YG-2026-0001/);
  });

  it('never overwrites a sealed bid without --force', async () => {
    const before = sha256(readFileSync(at('bid.ygsb')));
    const run = await runInProcess(sealArgs('form.json', 'bid.ygsb'), env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /exists; pass --force/);
    assert.equal(sha256(readFileSync(at('bid.ygsb'))), before);
  });
});
