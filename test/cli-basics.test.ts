// The CLI's plumbing: exit codes, the session file, server error messages, the progress report and
// the device fingerprint the server records.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { collectDevice, deviceHeader } from '../cli/device.js';
import { describeRefusal } from '../cli/http.js';
import type { CliIo } from '../cli/io.js';
import { Progress } from '../cli/progress.js';
import { forgetSession, sessionToken, storeSession } from '../cli/session.js';
import { clientDevice } from '../src/modules/bids/schemas.js';
import { runInProcess } from './helpers/cli.js';

/** A port nothing listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('yangguang CLI: exit codes and plumbing', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yg-cli-basics-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers usage errors with 2 and an unreachable server with 3', async () => {
    assert.equal((await runInProcess([])).code, 2);
    assert.equal((await runInProcess(['--help'])).code, 0);
    const unknown = await runInProcess(['sael']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "sael"/);
    assert.equal((await runInProcess(['submit', '--bid'])).code, 2);
    const missing = await runInProcess(['withdraw', '--server', 'http://127.0.0.1:1']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--bid-id is required/);
    assert.equal(
      (await runInProcess(['login', '--server', 'ftp://x', '--username', 'a'], { YANGGUANG_PASSWORD: 'p' }))
        .code,
      2,
    );

    const port = await closedPort();
    const down = await runInProcess(['login', '--server', `http://127.0.0.1:${port}`, '--username', 'a'], {
      YANGGUANG_PASSWORD: 'secret-password',
      YANGGUANG_CONFIG: join(dir, 's.json'),
    });
    assert.equal(down.code, 3);
    assert.match(down.stderr, /Cannot reach .*ECONNREFUSED/);
    assert.ok(!down.stderr.includes('secret-password'));
  });

  it('asks for a password instead of reading one from a pipe it was not told to read', async () => {
    const run = await runInProcess(['login', '--server', 'http://127.0.0.1:1', '--username', 'a'], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No password: set YANGGUANG_PASSWORD, pass --password-stdin/);
  });

  it('hands verify-draw its own arguments', async () => {
    const run = await runInProcess(['verify-draw', join(dir, 'no-such-record.json')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /verify-draw: cannot read the record/);
  });

  it('needs a session for bidder commands and keeps sessions per server in a 0600 file', async () => {
    const config = join(dir, 'nested', 'session.json');
    const noSession = await runInProcess(['bids', '--server', 'http://127.0.0.1:1'], {
      YANGGUANG_CONFIG: config,
    });
    assert.equal(noSession.code, 1);
    assert.match(noSession.stderr, /Not logged in to http:\/\/127\.0\.0\.1:1/);

    await storeSession(config, 'http://h.example:3000/', { token: 'tok-a', username: 'a' });
    await storeSession(config, 'https://other.example', { token: 'tok-b', username: 'b' });
    assert.equal(statSync(config).mode & 0o777, 0o600);
    const io = { env: { YANGGUANG_CONFIG: config } } as unknown as CliIo;
    assert.equal(await sessionToken(io, 'http://h.example:3000'), 'tok-a');
    assert.equal(
      await sessionToken(
        { env: { YANGGUANG_TOKEN: 'from-env' } } as unknown as CliIo,
        'http://h.example:3000',
      ),
      'from-env',
    );
    assert.equal(await forgetSession(config, 'http://h.example:3000'), true);
    await assert.rejects(sessionToken(io, 'http://h.example:3000'), /Not logged in/);
    assert.equal(await sessionToken(io, 'https://other.example/'), 'tok-b');
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(config, 'utf8')).servers), [
      'https://other.example',
    ]);
  });

  it("renders the server's error JSON with its code and field details", () => {
    const text = describeRefusal(422, {
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      details: [{ path: 'headers.x-deposit-account.accountNumber', message: 'an account number' }],
      requestId: 'r-1',
    });
    assert.equal(
      text,
      'The server refused (422 VALIDATION_FAILED): The request has invalid fields\n' +
        '  headers.x-deposit-account.accountNumber: an account number\n  (request id r-1)',
    );
    assert.match(
      describeRefusal(422, { code: 'BID_MALFORMED', message: 'm', details: { reason: 'TRUNCATED' } }),
      /reason: TRUNCATED/,
    );
  });

  it('reports progress as plain lines every 10 % when stderr is not a terminal', () => {
    const stderr = new PassThrough();
    const lines: string[] = [];
    stderr.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    const progress = new Progress({ stderr } as unknown as CliIo, 'uploading', 1000);
    for (let i = 0; i < 100; i++) progress.advance(10);
    progress.finish();
    assert.equal(lines.length, 11);
    assert.equal(lines[0], 'uploading: 0% (10 B of 1000 B)');
    assert.match(lines[5]!, /^uploading: 50%/);
    assert.match(lines[10]!, /^uploading: 100% 1000 B in /);
    assert.ok(!lines.some((l) => l.includes('\r')));
  });

  it('redraws one line in place on a terminal', () => {
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    let text = '';
    stderr.on('data', (b: Buffer) => (text += b.toString()));
    const progress = new Progress({ stderr } as unknown as CliIo, 'sealing', 4 << 20);
    progress.advance(1 << 20);
    progress.finish();
    const clearLine = '\r\u001b[2K';
    assert.ok(
      text.startsWith(`${clearLine}sealing [${'#'.repeat(7)}${'.'.repeat(21)}]  25% 1.0 MiB/4.0 MiB`),
      text,
    );
    assert.equal(text.split('\n').length, 2, 'one final line, nothing scrolled');
  });

  it('sends a device fingerprint the server accepts, hashed and under 4 KB', () => {
    const device = collectDevice();
    assert.match(device.tool, /^yangguang-cli\/\d+\.\d+\.\d+$/);
    assert.ok(
      clientDevice.safeParse(device).success,
      JSON.stringify(clientDevice.safeParse(device).error?.issues),
    );
    for (const id of [...(device.macHashes ?? []), ...(device.diskIds ?? []), device.hostnameHash]) {
      assert.match(id ?? '', /^[0-9a-f]{64}$/);
    }
    assert.ok(deviceHeader(device).length <= 4096);
    assert.deepEqual(JSON.parse(Buffer.from(deviceHeader(device), 'base64url').toString()), device);
  });
});
