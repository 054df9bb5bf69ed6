import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_HEADER, login, ServerProcess } from './helpers/server-process.js';
import { SocketClients, nextEvent } from './helpers/sockets.js';

const DEMO_USERS: Record<string, string> = {
  admin: 'admin',
  tenderee: 'tenderee',
  agency: 'agency',
  bidder1: 'bidder',
  bidder2: 'bidder',
  bidder3: 'bidder',
  bidder4: 'bidder',
  custodian1: 'custodian',
  custodian2: 'custodian',
  custodian3: 'custodian',
  supervisor: 'supervisor',
  expert1: 'expert',
  expert2: 'expert',
  expert3: 'expert',
};

/** Every file below a folder, as paths relative to it. */
const filesUnder = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile());

describe('the server process (npm start: migrate, seed, serve, shut down)', function () {
  this.timeout(120_000);
  let dir: string;
  let env: Record<string, string>;
  const running: ServerProcess[] = [];
  let sockets: SocketClients | undefined;
  let firstAccounts: { role: string; username: string; password: string }[] = [];

  function start(extra: Record<string, string> = {}): ServerProcess {
    const server = new ServerProcess({ ...env, ...extra });
    running.push(server);
    return server;
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yg-server-'));
    const data = join(dir, 'data');
    // SQLite in every run: this is the test of the embedded default.
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(data, 'y.sqlite')}`,
      KEYS_DIR: join(data, 'keys'),
      STORAGE_DIR: join(data, 'blobs'),
      LOG_LEVEL: 'info',
    };
  });
  afterEach(() => {
    sockets?.closeAll();
    sockets = undefined;
  });
  after(() => {
    for (const server of running) server.killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on an empty data folder: migrates, creates the CA, prints the demo accounts once, serves, stops on SIGTERM', async () => {
    const server = start();
    const baseUrl = await server.listening(60_000);

    const migrated = server
      .logs()
      .filter((l) => l.event === 'migrated')
      .map((l) => l.name);
    const migrationFiles = readdirSync('migrations')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual(migrated.sort(), migrationFiles.sort());
    assert.ok(server.logs().some((l) => l.msg === 'created the platform root CA'));
    assert.ok(server.logs().some((l) => l.msg === 'created the platform signing key'));

    const keyFiles = filesUnder(env.KEYS_DIR!);
    // The platform's own keys, and the demo people's: custodians, bidders, and the experts its history drew
    // (which ones, the draws decide).
    const privateKeys = keyFiles.filter((f) => f.endsWith('.key.pem')).sort();
    const drawnExperts = privateKeys.filter((f) => /^experts\/expert\d+\.key\.pem$/.test(f));
    assert.ok(drawnExperts.length >= 5, `the seeded committees' keys: ${drawnExperts.join(', ')}`);
    assert.deepEqual(
      privateKeys.filter((f) => !drawnExperts.includes(f)),
      [
        'bidders/bidder1.key.pem',
        'bidders/bidder2.key.pem',
        'bidders/bidder3.key.pem',
        'bidders/bidder4.key.pem',
        'ca-root.key.pem',
        'custodians/custodian1.key.pem',
        'custodians/custodian2.key.pem',
        'custodians/custodian3.key.pem',
        'platform-signing.key.pem',
      ],
    );
    for (const f of keyFiles.filter((name) => name.endsWith('.key.pem'))) {
      assert.equal(
        statSync(join(env.KEYS_DIR!, f)).mode & 0o777,
        0o600,
        `${f} is readable by its owner only`,
      );
      assert.match(readFileSync(join(env.KEYS_DIR!, f), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    }
    assert.equal(statSync(env.KEYS_DIR!).mode & 0o077, 0, 'the keys folder is closed to others');
    assert.ok(keyFiles.includes('ca-root.crt.pem') && keyFiles.includes('platform-signing.crt.pem'));

    assert.equal(server.stdout.filter((l) => l.includes(DEMO_HEADER)).length, 1, 'the table is printed once');
    firstAccounts = server.printedAccounts();
    assert.deepEqual(
      Object.fromEntries(firstAccounts.map((a) => [a.username, a.role])),
      DEMO_USERS,
      server.output(),
    );
    assert.equal(firstAccounts.length, Object.keys(DEMO_USERS).length);
    for (const a of firstAccounts) assert.match(a.password, /^[\w-]{12,}$/);
    assert.equal(
      new Set(firstAccounts.map((a) => a.password)).size,
      firstAccounts.length,
      'one password each',
    );

    const health = await fetch(`${baseUrl}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${baseUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', cluster: 'local' });

    const admin = firstAccounts.find((a) => a.username === 'admin')!;
    const ok = await login(baseUrl, 'admin', admin.password);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.user?.role, 'admin');
    assert.equal((await login(baseUrl, 'admin', `${admin.password}x`)).status, 401);
    const bidder = firstAccounts.find((a) => a.username === 'bidder1')!;
    const bidderLogin = await login(baseUrl, 'bidder1', bidder.password);
    assert.equal(bidderLogin.body.user?.role, 'bidder');

    // A live socket must not keep the process from stopping; the server closes it.
    sockets = new SocketClients(baseUrl);
    const socket = await sockets.connect(ok.body.token);
    const closed = nextEvent<string>(socket, 'disconnect', 15_000);

    server.signal('SIGTERM');
    assert.equal(await server.exitWithin(15_000), 0, server.output());
    assert.ok(['io server disconnect', 'transport close'].includes(await closed));
    assert.ok(server.logs().some((l) => l.msg === 'stopped'));
  });

  it('on a second start: prints no passwords, keeps the keys, and the first passwords still work', async function () {
    if (firstAccounts.length === 0) this.skip();
    const keysBefore = Object.fromEntries(
      filesUnder(env.KEYS_DIR!).map((f) => [f, readFileSync(join(env.KEYS_DIR!, f), 'utf8')]),
    );
    const server = start();
    const baseUrl = await server.listening(60_000);

    assert.equal(server.stdout.filter((l) => l.includes(DEMO_HEADER)).length, 0);
    const everything = server.stdout.join('\n') + server.stderr;
    for (const a of firstAccounts)
      assert.ok(!everything.includes(a.password), `${a.username}'s password printed`);
    assert.ok(!server.logs().some((l) => String(l.msg).startsWith('created the platform')));
    assert.ok(!server.logs().some((l) => l.event === 'migrated'), 'nothing left to migrate');
    const keysAfter = Object.fromEntries(
      filesUnder(env.KEYS_DIR!).map((f) => [f, readFileSync(join(env.KEYS_DIR!, f), 'utf8')]),
    );
    assert.deepEqual(keysAfter, keysBefore);

    const admin = firstAccounts.find((a) => a.username === 'admin')!;
    const res = await login(baseUrl, 'admin', admin.password);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.user?.role, 'admin');
    assert.equal((await fetch(`${baseUrl}/readyz`)).status, 200);

    server.signal('SIGTERM');
    assert.equal(await server.exitWithin(15_000), 0, server.output());
  });

  it('refuses a bad configuration (PORT=abc) with a non-zero exit and a message naming PORT', async () => {
    const server = start({ PORT: 'abc' });
    const code = await server.exitWithin(30_000);
    assert.notEqual(code, 0);
    assert.notEqual(code, null);
    assert.match(server.stderr, /PORT/);
    assert.equal(server.logs().filter((l) => typeof l.port === 'number').length, 0, 'it never listened');
  });
});
