import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import Nzh from 'nzh/cn';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { build } from 'vite';
import { sealedBid, verifyBidReceipt, type SignedBidReceipt } from '../../crypto/index.js';
import { nodeEngine } from '../../crypto/node/engine.js';
import { loadSealedBidVector } from '../../crypto/sealed-bid/test-vectors/vectors.js';
import { bearer, login, PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { userKeyAndCsr } from '../helpers/keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { publishedTender, tenderWorld, type TenderWorld } from '../helpers/tenders.js';
import type { VectorInPage } from './fixtures/sealed-bid-in-page.js';
import { databaseDump, filesUnder, foundIn, scanFiles, sha256File } from './fixtures/plaintext-scan.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const IN_PAGE_ENTRY = fileURLToPath(new URL('./fixtures/sealed-bid-in-page.ts', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('sealed bid submission in a browser (key, seal, upload, receipt; nothing readable stored)', function () {
  let server: TestServer;
  let world: TenderWorld;
  let tender: {
    id: string;
    code: string;
    title: string;
    schedule: { bidDeadline: string };
    sections: { name: string }[];
  };
  let browser: Browser;
  let page: Page;
  let certificatePem = '';
  let receipt: SignedBidReceipt;
  const run = randomBytes(6).toString('hex');
  // Distinctive strings that exist only inside the sealed bid: in a text field, in an attachment's bytes
  // and in its name; and the price, whose digits the UI turns into fen.
  const formMarker = `FORM-MARKER-${run}-技术承诺`;
  const fileMarker = `FILE-MARKER-${run}-施工组织设计`;
  // Long and unbroken, as real attachment names are: it must wrap on a phone, not widen the page.
  const fileName = `技术标-施工组织设计及质量安全文明施工保证措施-${run}-final-version.txt`;
  // Below the section's maximum price of ¥1,000,000.00 (test/helpers/tenders.ts).
  const priceYuan = `${800_000 + randomInt(99_999)}.52`;
  const priceDigits = priceYuan.replace('.', '');
  const replacementYuan = `${700_000 + randomInt(99_999)}.37`;
  const needles = [
    formMarker,
    fileMarker,
    fileName,
    priceYuan,
    priceDigits,
    replacementYuan.replace('.', ''),
  ];
  const attachment = Buffer.concat([Buffer.from(`${fileMarker}\n`), randomBytes(3 << 20)]);

  before(async function () {
    if (!existsSync(WEB_INDEX)) {
      throw new Error(`${WEB_INDEX} is missing: build the web app first (npx vite build web)`);
    }
    server = await startTestServer({ seedDemo: false });
    world = await tenderWorld(server.testPlatform);
    tender = await publishedTender(server.testPlatform, world, {
      bidFormFields: [
        { key: 'durationDays', label: '工期（日历天）', type: 'integer', required: true, readOut: true },
        { key: 'commitment', label: '技术承诺', type: 'text', required: true, readOut: false },
      ],
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(world.bidder.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The session the page holds, replaced by a fresh one (after the manual clock moved past its expiry). */
  async function renewSession(): Promise<void> {
    const token = await login(server.testPlatform.app, world.bidder.username);
    await page.evaluate((t) => {
      const key = 'yangguang.session';
      sessionStorage.setItem(
        key,
        JSON.stringify({ ...JSON.parse(sessionStorage.getItem(key) ?? '{}'), token: t }),
      );
    }, token);
  }

  /** The document is no wider than the 390 px window: nothing on the bid pages needs sideways scrolling. */
  async function noSidewaysScroll(what: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) await page.screenshot({ path: `${SHOTS}/yg-bid-overflow.png`, fullPage: true });
    assert.ok(width <= 390, `${what} is ${width} px wide at 390 px`);
  }

  /** Every scan that must find nothing, and a known stored fact each scan must find (so it can fail). */
  async function assertNothingReadableStored(): Promise<void> {
    const { platform, dir } = server.testPlatform;
    const storage = platform.config.STORAGE_DIR;
    assert.ok(filesUnder(storage).length > 0, 'the sealed bid was stored');
    assert.deepEqual(scanFiles(storage, needles), []);
    assert.deepEqual(
      scanFiles(dir, needles),
      [],
      'nor anywhere else under the platform folder (SQLite, WAL)',
    );
    const dump = await databaseDump(platform.db);
    assert.deepEqual(foundIn(Buffer.from(dump), needles), []);
    assert.deepEqual(foundIn(Buffer.from(dump), [tender.title]), [tender.title]);
    if (platform.db.dialect === 'sqlite') assert.ok(scanFiles(dir, [tender.title]).length > 0);
  }

  it('generates a key pair in the browser, keeps it non-extractable and gets a certificate from a CSR', async () => {
    await page.getByTestId('nav-certificate').click();
    await page.getByTestId('cert-none').waitFor();
    await page.getByTestId('cert-generate').click();
    await page.getByTestId('cert-issued').waitFor({ timeout: 60_000 });
    const serial = (await page.getByTestId('cert-serial').textContent())?.trim() ?? '';
    const own = await request(server.testPlatform.app)
      .get('/api/v1/certificates')
      .set(bearer(world.bidder.token));
    const issued = own.body.items.find((c: { serial: string }) => c.serial === serial);
    assert.ok(issued, 'the certificate on the page is the one the CA issued to this bidder');
    certificatePem = issued.pem;

    const stored = await page.evaluate(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open('yangguang-keys');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('identities').objectStore('identities').getAll();
            all.onsuccess = () =>
              resolve(
                (all.result as { signKey: CryptoKey; decryptKey: CryptoKey; csrPem: unknown }[]).map((r) => ({
                  sign: [r.signKey.algorithm.name, r.signKey.extractable, r.signKey.usages],
                  decrypt: [r.decryptKey.algorithm.name, r.decryptKey.extractable, r.decryptKey.usages],
                  bits: (r.signKey.algorithm as RsaHashedKeyAlgorithm).modulusLength,
                  pendingCsr: r.csrPem,
                })),
              );
          };
        }),
    );
    assert.deepEqual(stored, [
      {
        sign: ['RSA-PSS', false, ['sign']],
        decrypt: ['RSA-OAEP', false, ['decrypt']],
        bits: 3072,
        pendingCsr: null,
      },
    ]);
    await page.screenshot({ path: `${SHOTS}/yg-bid-certificate.png`, fullPage: true });
  });

  it('fills the bid form, seals and uploads with progress, and shows the receipt verified', async () => {
    // On a phone (390 px): the form, the last look and the receipt never scroll sideways (noSidewaysScroll).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/#/tenders/${tender.id}`);
    await page.getByTestId('tender-bid').click();
    await page.getByTestId('bid-form').waitFor();
    await page.screenshot({ path: `${SHOTS}/yg-bid-form-390.png`, fullPage: true });
    await noSidewaysScroll('the bid form');
    // A price that is not money and a negative duration: each said once, at its own field.
    await page.getByTestId('bid-field-price').fill('七百万');
    await page.getByTestId('bid-field-durationDays').fill('-5');
    await page.getByTestId('bid-field-commitment').fill(formMarker);
    await page.getByTestId('bid-seal-submit').click();
    // The duration is checked after the price: once its error shows, the price field is final (its live echo
    // already said 请输入 once before the click, so the count alone would not show the check ran).
    const durationField = page.locator('.field', { has: page.getByTestId('bid-field-durationDays') });
    await durationField.getByText('请输入不小于 0 的整数').waitFor();
    const priceField = page.locator('.field', { has: page.getByTestId('bid-field-price') });
    assert.equal((await priceField.textContent())?.split('请输入').length, 2, 'the price error shows once');
    assert.equal(await page.getByTestId('bid-review').count(), 0, 'nothing to review yet');

    // Above the section's maximum price (¥1,000,000.00): warned, and sealed only once acknowledged.
    await page.getByTestId('bid-field-price').fill('1000000.01');
    await page.getByTestId('bid-field-durationDays').fill('365');
    await page.getByTestId('bid-seal-submit').click();
    await page.getByTestId('bid-review-above-max').waitFor();
    assert.equal(await page.getByTestId('bid-review-confirm').isDisabled(), true);
    assert.match((await page.getByTestId('bid-review-blocked').textContent()) ?? '', /请先勾选/);
    await page.getByTestId('bid-review-acknowledge').check();
    await settlesTo(
      'the confirm button disabled after acknowledging',
      () => page.getByTestId('bid-review-confirm').isDisabled(),
      false,
    );
    await page.getByTestId('bid-review-back').click();
    await page.getByTestId('bid-form').waitFor({ state: 'visible' });

    await page.getByTestId('bid-field-price').fill(priceYuan);
    await page
      .getByTestId('bid-files')
      .setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: attachment });
    await page.getByTestId('bid-deposit-bank').fill('中国银行南宁分行');
    await page.getByTestId('bid-deposit-accountName').fill('测试投标人有限公司');
    await page.getByTestId('bid-deposit-accountNumber').fill('6217 0000 1234 5678');
    await page.getByTestId('bid-seal-submit').click();
    // The last look: the section by name, the price in figures and in capitals, the attachment.
    await page.getByTestId('bid-review').waitFor();
    assert.equal(await page.getByTestId('bid-review-above-max').count(), 0);
    assert.equal(await page.getByTestId('bid-review-section').textContent(), tender.sections[0]!.name);
    const inWords = Nzh.toMoney(priceYuan, { outSymbol: false, forceZheng: true });
    assert.ok(((await page.getByTestId('bid-review-price').textContent()) ?? '').includes(inWords), inWords);
    assert.match((await page.getByTestId('bid-review-files').textContent()) ?? '', new RegExp(run));
    await page.screenshot({ path: `${SHOTS}/yg-bid-review.png`, fullPage: true });
    await noSidewaysScroll('the last look before sealing');
    await page.getByTestId('bid-review-confirm').click();

    await page.locator('[data-testid="receipt-verdict"] [data-result="valid"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('seal-progress').getAttribute('data-percent'), '100');
    assert.equal(await page.getByTestId('upload-progress').getAttribute('data-percent'), '100');
    assert.match((await page.getByTestId('receipt-verdict').textContent()) ?? '', /回执签名有效.*一致/);
    await page.screenshot({ path: `${SHOTS}/yg-bid-receipt.png`, fullPage: true });
    await noSidewaysScroll('the receipt');
    await page.setViewportSize({ width: 1280, height: 900 });

    const download = page.waitForEvent('download');
    await page.getByTestId('receipt-download').click();
    receipt = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as SignedBidReceipt;
    const ca = await request(server.testPlatform.app).get('/api/v1/ca').expect(200);
    assert.deepEqual(await verifyBidReceipt(receipt, ca.body.platformSigningCertificatePem), { ok: true });
    assert.equal(receipt.receipt.tender.id, tender.id);
    assert.equal(receipt.receipt.bidVersion, 1);
    assert.equal(await page.getByTestId('receipt-sha256').textContent(), receipt.receipt.ciphertextSha256);
  });

  it('stores no marker and no price digits in any file or database row', async () => {
    await assertNothingReadableStored();
  });

  it('stored exactly the sealed file: it parses, and its signature verifies with the bidder certificate', async () => {
    const storage = server.testPlatform.platform.config.STORAGE_DIR;
    const blob = filesUnder(storage).find((f) => sha256File(f) === receipt.receipt.ciphertextSha256);
    assert.ok(blob, 'a stored file has the digest the receipt names');
    const reader = new sealedBid.SealedBidReader({ engine: nodeEngine });
    await reader.push(new Uint8Array(readFileSync(blob)));
    const summary = await reader.end();
    assert.equal(summary.size, receipt.receipt.size);
    assert.equal(summary.header.tender.id, tender.id);
    assert.equal(summary.header.bidder.partyId, world.bidder.partyId);
    assert.equal(summary.header.chunkSize, 1 << 20);
    assert.ok(summary.header.plaintextSize > attachment.length);
    assert.equal(await sealedBid.verifySealedBidSignature(summary, certificatePem), true);
    const other = (await request(server.testPlatform.app).get('/api/v1/ca')).body
      .rootCertificatePem as string;
    assert.equal(
      await sealedBid.verifySealedBidSignature(summary, other),
      false,
      'another key does not verify',
    );
  });
  it('imports a PKCS#12 file on a second device and replaces the bid from there', async () => {
    const { keyPem, csrPem } = userKeyAndCsr('second device');
    const issued = await request(server.testPlatform.app)
      .post('/api/v1/certificates')
      .set(bearer(world.bidder.token))
      .send({ csrPem })
      .expect(201);
    const p12 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(keyPem),
      [forge.pki.certificateFromPem(issued.body.pem)],
      'p12-口令',
      { algorithm: '3des' },
    );
    const p12File = {
      name: 'bidder.p12',
      mimeType: 'application/x-pkcs12',
      buffer: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'),
    };

    const second = await (
      await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } })
    ).newPage();
    await second.goto('/#/login?next=certificate');
    await second.getByTestId('login-username').fill(world.bidder.username);
    await second.getByTestId('login-password').fill(PASSWORD);
    await second.getByTestId('login-submit').click();
    await second.getByTestId('cert-none').waitFor();
    await second.getByTestId('p12-file').setInputFiles(p12File);
    await second.getByTestId('p12-password').fill('wrong');
    await second.getByTestId('p12-import').click();
    assert.match((await second.getByTestId('cert-error').textContent()) ?? '', /PKCS#12 文件密码错误/);
    await second.getByTestId('p12-password').fill('p12-口令');
    await second.getByTestId('p12-import').click();
    await second.getByTestId('p12-imported').waitFor();
    await second.getByTestId('cert-serial').waitFor();
    assert.equal(await second.getByTestId('cert-serial').textContent(), issued.body.serial);
    assert.equal(await second.getByTestId('cert-source').textContent(), '从 PKCS#12 文件导入');

    await second.getByTestId('nav-bids').click();
    await second.getByTestId('bid-replace').click();
    await second.getByTestId('bid-form').waitFor();
    assert.match((await second.getByTestId('bid-replace-note').textContent()) ?? '', /第 1 版/);
    await second.getByTestId('bid-field-price').fill(replacementYuan);
    await second.getByTestId('bid-field-durationDays').fill('300');
    await second.getByTestId('bid-field-commitment').fill(formMarker);
    await second.getByTestId('bid-seal-submit').click();
    await second.getByTestId('bid-review-confirm').click();
    await second
      .locator('[data-testid="receipt-verdict"] [data-result="valid"]')
      .waitFor({ timeout: 60_000 });
    assert.match((await second.getByTestId('bid-success').textContent()) ?? '', /第 2 版/);
    assert.equal(
      await second.getByTestId('receipt').getAttribute('data-bid-id'),
      receipt.receipt.bidId,
      'same bid',
    );
    // Read by a person: names and Beijing time, not ids and ISO timestamps.
    const shown = (await second.getByTestId('receipt').textContent()) ?? '';
    assert.ok(!shown.includes(receipt.receipt.bidId), 'no bid id shown');
    assert.doesNotMatch(shown, /\d{4}-\d\d-\d\dT\d\d:/, 'no ISO timestamp shown');
    assert.ok(shown.includes(tender.title), 'the tender by its title');

    const sealed = await request(server.testPlatform.app)
      .get(`/api/v1/bids/${receipt.receipt.bidId}/ciphertext`)
      .set(bearer(world.bidder.token))
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    const reader = new sealedBid.SealedBidReader({ engine: nodeEngine });
    await reader.push(new Uint8Array(sealed.body as Buffer));
    const summary = await reader.end();
    assert.equal(summary.header.bidder.certificateSerial, issued.body.serial);
    assert.equal(await sealedBid.verifySealedBidSignature(summary, issued.body.pem), true);

    // Supervision sees where each version came from: two browsers, two device ids, the deposit account.
    const supervised = await request(server.testPlatform.app)
      .get(`/api/v1/tenders/${tender.id}/bids`)
      .set(bearer(world.supervisor.token))
      .expect(200);
    const versions = supervised.body.items[0].versions as {
      device: { tool: string; deviceId: string } | null;
      depositAccount: unknown;
    }[];
    assert.equal(versions.length, 2);
    assert.deepEqual(new Set(versions.map((v) => v.device?.tool)), new Set(['yangguang-web/0.1.0']));
    assert.equal(new Set(versions.map((v) => v.device?.deviceId)).size, 2, 'one persistent id per browser');
    assert.ok(versions.some((v) => v.depositAccount !== null));
    await second.context().close();
  });

  it('withdraws from My bids, and refuses a bid completed after the deadline with a clear message', async () => {
    await page.goto('/#/bids');
    const row = page.locator('[data-testid="bids-table"] tbody tr');
    await row.getByText('v2').waitFor();
    assert.equal(await row.getByTestId('bid-section').textContent(), tender.sections[0]!.name, 'by its name');
    const badge = await row.getByTestId('bid-status').evaluate((e) => getComputedStyle(e).whiteSpace);
    assert.equal(badge, 'nowrap', 'a status never breaks a character per line');
    await row.getByTestId('bid-withdraw').click();
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('bid-withdrawn').waitFor();
    await page.locator('[data-testid="bid-status"][data-status="withdrawn"]').waitFor();

    // A new bid filled in before the deadline, sent one millisecond after it (the server's clock decides).
    await row.getByTestId('bid-replace').click();
    await page.getByTestId('bid-form').waitFor();
    await page.getByTestId('bid-field-price').fill('640000');
    await page.getByTestId('bid-field-durationDays').fill('280');
    await page.getByTestId('bid-field-commitment').fill(formMarker);
    server.testPlatform.clock.set(new Date(new Date(tender.schedule.bidDeadline).getTime() + 1));
    await renewSession(); // the manual clock moved past the session's expiry too
    const storedBefore = filesUnder(server.testPlatform.platform.config.STORAGE_DIR).length;
    await page.getByTestId('bid-seal-submit').click();
    await page.getByTestId('bid-review-confirm').click();
    const refusal = page.getByTestId('submission-error');
    await refusal.waitFor({ timeout: 60_000 });
    assert.match((await refusal.textContent()) ?? '', /投标截止时间已过/);
    await page.screenshot({ path: `${SHOTS}/yg-bid-late.png`, fullPage: true });
    assert.equal(await page.getByTestId('upload-retry').count(), 0, 'a refusal is not offered for retry');
    assert.equal(filesUnder(server.testPlatform.platform.config.STORAGE_DIR).length, storedBefore);
    const token = await login(server.testPlatform.app, world.bidder.username);
    const mine = await request(server.testPlatform.app).get('/api/v1/my/bids').set(bearer(token)).expect(200);
    assert.deepEqual(
      mine.body.items.map((b: { status: string; version: number }) => [b.status, b.version]),
      [['withdrawn', 2]],
    );
    await assertNothingReadableStored(); // after the replacement from the second device too
  });

  it('opens the Node-made test vector in Chromium byte for byte, and Node opens a bid Chromium sealed', async () => {
    const bundle = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: IN_PAGE_ENTRY, formats: ['iife'], name: 'ygSealedBid', fileName: 'sealed-bid-in-page' },
      },
    });
    const output = (Array.isArray(bundle) ? bundle[0] : bundle) as { output: { code: string }[] };
    const vector = loadSealedBidVector();
    const inPage: VectorInPage = { ...vector, file: Buffer.from(vector.file).toString('base64') };
    // A page of the app (its origin, a secure context) in a context that lets the test inject its bundle
    // past the app's CSP; the app's own pages keep their policy.
    const lab = await (await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true })).newPage();
    await lab.goto('/#/notices');
    await lab.addScriptTag({ content: output.output[0]!.code });

    type InPage = typeof import('./fixtures/sealed-bid-in-page.js');
    const opened = await lab.evaluate(
      (v) => (window as unknown as { ygSealedBid: InPage }).ygSealedBid.openVector(v),
      inPage,
    );
    assert.deepEqual(opened, {
      signatureValid: true,
      recovered: true,
      manifestMatches: true,
      attachmentMatches: true,
      bodyIdentical: true,
    });

    const form = { price: 987_654_321, remark: formMarker };
    const sealedB64 = await lab.evaluate(
      ([v, f, text]) => (window as unknown as { ygSealedBid: InPage }).ygSealedBid.sealInPage(v, f, text),
      [inPage, form, fileMarker] as const,
    );
    const file = new Uint8Array(Buffer.from(sealedB64, 'base64'));
    const header = new sealedBid.SealedBidReader({ engine: nodeEngine });
    await header.push(file);
    const summary = await header.end();
    assert.equal(await sealedBid.verifySealedBidSignature(summary, vector.bidder.certPem), true);
    const shares = await Promise.all(
      vector.custodians.slice(1).map(async (c) => ({
        position: c.position,
        share: await sealedBid.unwrapShare(summary.header, c.position, c.keyPem),
      })),
    );
    const recovery = await sealedBid.recoverContentKey(summary.header, shares);
    assert.ok(recovery.ok);
    const attachmentBytes: Uint8Array[] = [];
    const pkg = new sealedBid.BidPackageReader((_i, bytes) => void attachmentBytes.push(Buffer.from(bytes)));
    const opening = new sealedBid.SealedBidReader({
      engine: nodeEngine,
      decrypt: { key: recovery.key, onPlaintext: (bytes) => pkg.push(bytes) },
    });
    await opening.push(file);
    await opening.end();
    assert.deepEqual(pkg.end().form, form);
    assert.equal(Buffer.concat(attachmentBytes).toString('utf8'), fileMarker);
    await lab.context().close();
  });
});
