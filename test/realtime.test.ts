import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createAdmin, createPartyUser, login, type TestUser } from './helpers/api.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { emitWithAck, nextEvent, SocketClients } from './helpers/sockets.js';

interface WhoAmI {
  userId: string;
  username: string;
  displayName: string;
  role: string;
  partyId: string | null;
}

describe('realtime: Socket.IO handshake with the session token (docs/design.md §7)', () => {
  let server: TestServer;
  let sockets: SocketClients;
  let admin: TestUser;
  let bidder: TestUser;

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    admin = await createAdmin(server.testPlatform);
    bidder = await createPartyUser(server.testPlatform, admin, 'bidder');
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    sockets = new SocketClients(server.baseUrl);
  });
  afterEach(() => {
    sockets.closeAll();
  });

  it('connects with a valid token, and whoami acknowledges the user and role', async () => {
    const socket = await sockets.connect(bidder.token);
    assert.equal(socket.connected, true);
    const me = await emitWithAck<WhoAmI>(socket, 'whoami');
    assert.equal(me.userId, bidder.userId);
    assert.equal(me.username, bidder.username);
    assert.equal(me.role, 'bidder');
    assert.equal(me.partyId, bidder.partyId);
  });

  it('tells two users apart: each socket is the user whose token opened it', async () => {
    const [a, b] = await Promise.all([sockets.connect(admin.token), sockets.connect(bidder.token)]);
    const [meA, meB] = await Promise.all([
      emitWithAck<WhoAmI>(a, 'whoami'),
      emitWithAck<WhoAmI>(b, 'whoami'),
    ]);
    assert.deepEqual(
      { userId: meA.userId, role: meA.role, partyId: meA.partyId },
      { userId: admin.userId, role: 'admin', partyId: null },
    );
    assert.deepEqual({ userId: meB.userId, role: meB.role }, { userId: bidder.userId, role: 'bidder' });
  });

  const refused: [string, () => string | undefined][] = [
    ['a token no session has', () => 'not-a-real-token-0123456789abcdefghijklmnopq'],
    ['a missing token', () => undefined],
    ['an empty token', () => ''],
    ['a token over 200 characters', () => 'x'.repeat(201)],
  ];
  for (const [what, token] of refused) {
    it(`refuses ${what} with connect_error UNAUTHENTICATED`, async () => {
      const err = await sockets.connectError(token());
      assert.equal(err.message, 'UNAUTHENTICATED');
    });
  }

  it('refuses a non-string token', async () => {
    const socket = sockets.create(undefined);
    socket.auth = { token: 12345 };
    const err = await new Promise<Error>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected with a numeric token')));
      socket.once('connect_error', resolve);
      socket.connect();
    });
    assert.equal(err.message, 'UNAUTHENTICATED');
  });

  it('refuses a token once its session has expired (SESSION_TTL_HOURS on the manual clock)', async () => {
    const { clock, platform } = server.testPlatform;
    const token = await login(server.testPlatform.app, bidder.username);
    const ttlMs = platform.config.SESSION_TTL_HOURS * 3600_000;

    clock.advance(ttlMs - 1000);
    const stillValid = await sockets.connect(token);
    assert.equal((await emitWithAck<WhoAmI>(stillValid, 'whoami')).userId, bidder.userId);

    clock.advance(1000);
    const err = await sockets.connectError(token);
    assert.equal(err.message, 'UNAUTHENTICATED');

    // The socket opened while the session was valid does not outlive it: its next event ends it.
    const expired = nextEvent(stillValid, 'session_expired');
    const closed = nextEvent<string>(stillValid, 'disconnect');
    stillValid.emit('whoami', () => assert.fail('no answer after the session expired'));
    await expired;
    assert.equal(await closed, 'io server disconnect');
  });

  it('disconnects the live sockets of a session when it logs out, and refuses the token afterwards', async () => {
    const token = await login(server.testPlatform.app, bidder.username);
    const otherSession = await login(server.testPlatform.app, bidder.username);
    const socket = await sockets.connect(token);
    const bystander = await sockets.connect(otherSession);
    const disconnected = nextEvent<string>(socket, 'disconnect');

    await request(server.baseUrl).post('/api/v1/auth/logout').set(bearer(token)).expect(204);

    assert.equal(await disconnected, 'io server disconnect');
    assert.equal(socket.connected, false);
    // Only that session ends: the same user's other session keeps its connection.
    assert.equal(bystander.connected, true);
    assert.equal((await emitWithAck<WhoAmI>(bystander, 'whoami')).userId, bidder.userId);

    const err = await sockets.connectError(token);
    assert.equal(err.message, 'UNAUTHENTICATED');
  });
});
