// The upload path against stand-in servers: an early refusal is reported in the server's words, a
// connection cut mid-upload is "unreachable" (exit 3) with the Idempotency-Key kept, and --retry
// sends that same key again.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from './helpers/cli.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function standIn(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  // The server never closes an idle connection itself: only the client can end an upload.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('yangguang CLI: uploads that go wrong', () => {
  let dir: string;
  let bid: string;
  const env = () => ({ YANGGUANG_TOKEN: 'test-token' });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yg-cli-upload-'));
    bid = join(dir, 'bid.ygsb');
    // A real header (the checked-in vector) and 8 MiB more: only the header is read before sending.
    const vector = readFileSync(
      new URL('../crypto/sealed-bid/test-vectors/sealed-bid-v1.ygsb', import.meta.url),
    );
    writeFileSync(bid, Buffer.concat([vector, Buffer.alloc(8 << 20, 7)]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a refusal sent before the upload ends in the server's words, and stops sending", async () => {
    let received = 0;
    let closed!: () => void;
    const requestClosed = new Promise<void>((resolve) => (closed = resolve));
    const { url, server } = await standIn((req, res) => {
      req.on('data', (b: Buffer) => (received += b.length));
      req.socket.on('close', closed);
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BID_TOO_LARGE', message: 'Bids are limited to 1 MiB' } }));
    });
    try {
      const run = await runInProcess(['submit', '--server', url, '--bid', bid, '--quiet'], env());
      assert.equal(run.code, 1);
      assert.match(run.stderr, /The server refused \(413 BID_TOO_LARGE\): Bids are limited to 1 MiB/);
      await requestClosed; // the client hung up rather than sending on: never reached otherwise
      assert.ok(received < statSync(bid).size, `the upload stopped (${received} bytes arrived)`);
    } finally {
      await stop(server);
    }
  });

  it('keeps the Idempotency-Key when the connection breaks, and --retry sends it again', async () => {
    const keys: string[] = [];
    const cut = await standIn((req) => {
      keys.push(String(req.headers['idempotency-key']));
      let seen = 0;
      req.on('data', (b: Buffer) => {
        seen += b.length;
        if (seen > 1 << 20) req.socket.destroy();
      });
    });
    try {
      const run = await runInProcess(['submit', '--server', cut.url, '--bid', bid, '--quiet'], env());
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /Cannot reach/);
    } finally {
      await stop(cut.server);
    }
    const note = JSON.parse(readFileSync(`${bid}.submission.json`, 'utf8'));
    assert.equal(note.idempotencyKey, keys[0]);

    const answering = await standIn((req, res) => {
      keys.push(String(req.headers['idempotency-key']));
      req.resume();
      req.on('end', () => {
        res.writeHead(409, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'TENDER_NOT_OPEN', message: 'closed' } }));
      });
    });
    try {
      const retry = await runInProcess(
        ['submit', '--server', answering.url, '--bid', bid, '--retry', '--quiet'],
        env(),
      );
      assert.equal(retry.code, 1);
      assert.match(retry.stderr, /409 TENDER_NOT_OPEN/);
      const fresh = await runInProcess(['submit', '--server', answering.url, '--bid', bid, '--quiet'], env());
      assert.equal(fresh.code, 1);
    } finally {
      await stop(answering.server);
    }
    assert.equal(keys.length, 3);
    assert.equal(keys[1], keys[0], '--retry reuses the key');
    assert.notEqual(keys[2], keys[0], 'a fresh submit makes a new key');
    assert.match(keys[0]!, /^[A-Za-z0-9_-]{8,128}$/);
  });
});
