// The CLI end to end, as a bidder runs it (separate processes against a real server):
// keygen → login → cert request → seal → submit → verify-receipt → withdraw, and the refusals.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './helpers/api.js';
import { PASSWORD } from './helpers/api.js';
import { runInProcess, runProcess, startCliServer } from './helpers/cli.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';
import type { TestPlatform } from './helpers/platform.js';

describe('yangguang CLI: a bidder from key to withdrawal', function () {
  this.timeout(120_000);
  let server: Awaited<ReturnType<typeof startCliServer>>;
  let t: TestPlatform;
  let world: TenderWorld;
  let tender: {
    id: string;
    code: string;
    sections: { id: string; code: string }[];
    schedule: { bidDeadline: string };
  };
  let dir: string;
  let env: Record<string, string>;
  const at = (name: string) => join(dir, name);
  const cli = (...args: string[]) => runProcess(args, env);
  const inProcess = (...args: string[]) => runInProcess(args, env);

  before(async () => {
    server = await startCliServer();
    t = server.t;
    world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    dir = mkdtempSync(join(tmpdir(), 'yg-cli-'));
    env = { HOME: dir, YANGGUANG_CONFIG: at('session.json'), YANGGUANG_SERVER: server.baseUrl };
    writeFileSync(at('form.json'), JSON.stringify({ price: 950_000_00, durationDays: 180 }));
    // Three chunks and a bit at the default 1 MiB chunk size.
    writeFileSync(at('技术标.pdf'), randomBytes(3 * 1024 * 1024 + 123));
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a key that only its owner can read, and a CSR', async () => {
    const run = await cli('keygen', '--out', at('keys'));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(at('keys/key.pem')).mode & 0o777, 0o600);
    assert.match(readFileSync(at('keys/csr.pem'), 'utf8'), /BEGIN CERTIFICATE REQUEST/);
    assert.equal((await cli('keygen', '--out', at('keys'))).code, 1, 'an existing key is never overwritten');
  });

  it('logs in with the password from the environment and keeps the token private', async () => {
    const wrong = await runProcess(['login', '--username', world.bidder.username], {
      ...env,
      YANGGUANG_PASSWORD: 'nope-nope-nope',
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /401 INVALID_CREDENTIALS/);
    assert.equal(existsSync(at('session.json')), false);

    const run = await runProcess(['login', '--username', world.bidder.username], {
      ...env,
      YANGGUANG_PASSWORD: PASSWORD,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(statSync(at('session.json')).mode & 0o777, 0o600);
    const token = JSON.parse(readFileSync(at('session.json'), 'utf8')).servers[server.baseUrl]
      .token as string;
    assert.ok(token.length > 10);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(token), 'the token is never printed');
    assert.ok(!`${run.stdout}${run.stderr}`.includes(PASSWORD), 'the password is never printed');
  });

  it('has the platform CA certify the key', async () => {
    const run = await cli('cert', 'request', '--csr', at('keys/csr.pem'), '--out', at('keys/cert.pem'));
    assert.equal(run.code, 0, run.stderr);
    const note = JSON.parse(readFileSync(at('keys/cert.pem.json'), 'utf8'));
    assert.equal(note.partyId, world.bidder.partyId);
  });

  it('refuses to seal a form without the price, and writes nothing', async () => {
    writeFileSync(at('no-price.json'), JSON.stringify({ durationDays: 180 }));
    const run = await cli(
      'seal',
      '--tender',
      tender.id,
      '--form',
      at('no-price.json'),
      '--key',
      at('keys/key.pem'),
      '--cert',
      at('keys/cert.pem'),
      '--out',
      at('bad.ygsb'),
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /"price" \(投标报价\) is required/);
    assert.equal(existsSync(at('bad.ygsb')), false);
  });

  let receipt: {
    receipt: { bidId: string; bidVersion: number; ciphertextSha256: string; receivedAt: string };
  };

  it('seals and submits with a progress report and keeps a receipt that names the file', async () => {
    const sealed = await cli(
      'seal',
      '--tender',
      tender.id,
      '--form',
      at('form.json'),
      '--attach',
      at('技术标.pdf'),
      '--key',
      at('keys/key.pem'),
      '--cert',
      at('keys/cert.pem'),
      '--out',
      at('bid.ygsb'),
    );
    assert.equal(sealed.code, 0, sealed.stderr);
    assert.match(sealed.stderr, /sealing: 100%/);

    const run = await cli(
      'submit',
      '--bid',
      at('bid.ygsb'),
      '--idempotency-key',
      'cli-test-upload-1',
      '--deposit-bank',
      '中国工商银行',
      '--deposit-account-name',
      '测试企业',
      '--deposit-account',
      '6222021001012345',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /uploading: 100%/);
    assert.match(run.stdout, /The receipt is signed by the platform and names exactly the bytes sent/);
    assert.ok(!run.stdout.includes('6222021001012345'), 'the deposit account is not echoed');
    receipt = JSON.parse(readFileSync(at('bid.ygsb.receipt.json'), 'utf8'));
    assert.equal(receipt.receipt.bidVersion, 1);

    // What the supervisor sees was recorded from the CLI's headers.
    const supervised = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/bids`)
      .set(bearer(world.supervisor.token))
      .expect(200);
    const upload = JSON.stringify(supervised.body.items[0]);
    assert.match(upload, /yangguang-cli\//);
    assert.match(upload, /中国工商银行/);
  });

  it('verifies the receipt offline, and fails a tampered receipt or another file', async () => {
    const ok = await cli('verify-receipt', '--receipt', at('bid.ygsb.receipt.json'), '--bid', at('bid.ygsb'));
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /OK: .* is exactly the file the platform received/);

    const ca = await request(t.app).get('/api/v1/ca').expect(200);
    writeFileSync(at('platform.pem'), ca.body.platformSigningCertificatePem);
    const offline = await inProcess(
      'verify-receipt',
      '--receipt',
      at('bid.ygsb.receipt.json'),
      '--platform-cert',
      at('platform.pem'),
    );
    assert.equal(offline.code, 0, offline.stdout);

    const tampered = structuredClone(receipt);
    tampered.receipt.receivedAt = '2026-01-04T00:00:00.000Z';
    writeFileSync(at('tampered.json'), JSON.stringify(tampered));
    const bad = await cli(
      'verify-receipt',
      '--receipt',
      at('tampered.json'),
      '--platform-cert',
      at('platform.pem'),
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /FAILED: the receipt: the signature does not verify/);

    const copy = readFileSync(at('bid.ygsb'));
    copy[copy.length - 100]! ^= 1;
    writeFileSync(at('altered.ygsb'), copy);
    const other = await inProcess(
      'verify-receipt',
      '--receipt',
      at('bid.ygsb.receipt.json'),
      '--platform-cert',
      at('platform.pem'),
      '--bid',
      at('altered.ygsb'),
    );
    assert.equal(other.code, 1);
    assert.match(other.stdout, /not the file the receipt names/);
  });

  it('retries with the same Idempotency-Key and gets the same receipt, nothing new stored', async () => {
    const retry = await inProcess('submit', '--bid', at('bid.ygsb'), '--retry', '--quiet');
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stderr, /Idempotency-Key: cli-test-upload-1/);
    assert.deepEqual(JSON.parse(readFileSync(at('bid.ygsb.receipt.json'), 'utf8')), receipt);
    const list = await inProcess('bids', '--json');
    const items = JSON.parse(list.stdout) as { version: number; status: string }[];
    assert.deepEqual(
      items.map((b) => [b.version, b.status]),
      [[1, 'submitted']],
    );
  });

  it("reports a refused session in the server's words, mid-upload", async () => {
    const run = await runInProcess(['submit', '--bid', at('bid.ygsb'), '--quiet'], {
      ...env,
      YANGGUANG_TOKEN: 'not-a-session',
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The server refused \(401 UNAUTHENTICATED\)/);
    assert.ok(!run.stderr.includes('not-a-session'), 'the token is never printed');
  });

  it('refuses the same Idempotency-Key for another file, and replaces the bid with a new upload', async () => {
    const sealed = await inProcess(
      'seal',
      '--tender',
      tender.id,
      '--form',
      at('form.json'),
      '--key',
      at('keys/key.pem'),
      '--cert',
      at('keys/cert.pem'),
      '--out',
      at('bid2.ygsb'),
      '--quiet',
    );
    assert.equal(sealed.code, 0, sealed.stderr);
    const reused = await inProcess(
      'submit',
      '--bid',
      at('bid2.ygsb'),
      '--idempotency-key',
      'cli-test-upload-1',
      '--quiet',
    );
    assert.equal(reused.code, 1);
    assert.match(reused.stderr, /409 IDEMPOTENCY_KEY_REUSED/);
    assert.equal(existsSync(at('bid2.ygsb.receipt.json')), false);

    const replaced = await inProcess('submit', '--bid', at('bid2.ygsb'), '--quiet');
    assert.equal(replaced.code, 0, replaced.stderr);
    const second = JSON.parse(readFileSync(at('bid2.ygsb.receipt.json'), 'utf8'));
    assert.equal(second.receipt.bidId, receipt.receipt.bidId);
    assert.equal(second.receipt.bidVersion, 2);
  });

  it('withdraws the bid with a signed withdrawal receipt', async () => {
    const run = await cli('withdraw', '--bid', at('bid.ygsb'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /withdrawn: bid .* \(status withdrawn\)/);
    assert.ok(existsSync(at('bid.ygsb.withdrawal.json')));
    const again = await inProcess('withdraw', '--bid-id', receipt.receipt.bidId);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /409 BID_ALREADY_WITHDRAWN/);
  });

  it('says clearly when the deadline has passed, to the millisecond of the server clock', async () => {
    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 1));
    const run = await inProcess('submit', '--bid', at('bid.ygsb'), '--quiet');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The server refused \(409 BID_DEADLINE_PASSED\)/);
  });
  it('logs out, forgetting the token, and logs in again with the password on stdin', async () => {
    const out = await inProcess('logout');
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(readFileSync(at('session.json'), 'utf8')).servers, {});
    assert.equal((await inProcess('bids')).code, 1);
    const login = await runInProcess(
      ['login', '--username', world.bidder.username, '--password-stdin'],
      env,
      `${PASSWORD}\n`,
    );
    assert.equal(login.code, 0, login.stderr);
    assert.equal((await inProcess('bids')).code, 0);
  });
});
