import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { verifyBidReceipt, type SignedBidReceipt } from '../crypto/index.js';
import { composePlatform } from '../src/compose.js';
import { ManualClock } from '../src/platform/clock.js';
import { FileBlobStore } from '../src/platform/storage/file-blob-store.js';
import { createPartyUser, type TestUser } from './helpers/api.js';
import { SpawnedServer, streamUpload } from './helpers/bid-server.js';
import { base64urlJson, certifyBidder, sealStream, testDevice, type BidderKeys } from './helpers/bids.js';
import { eventually } from './helpers/eventually.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld } from './helpers/tenders.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

const MiB = 1 << 20;
const SMALL_BIDDERS = 12;
const LARGE_BIDDERS = 4;

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * kill -9 during many concurrent uploads (some large), then a restart on the same data: every receipt a
 * client got verifies and names a stored version whose blob is intact; no row names a missing blob.
 */
describe('sealed bids survive kill -9 of the server mid-upload', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let tender: TenderView;
  const bidders: { user: TestUser; keys: BidderKeys; large: boolean }[] = [];
  const servers: SpawnedServer[] = [];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    // The spawned server runs on the system clock: the tender is made for the real present.
    t.clock.set(new Date());
    const world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    for (let i = 0; i < SMALL_BIDDERS + LARGE_BIDDERS; i++) {
      const user = i === 0 ? world.bidder : await createPartyUser(t, world.admin, 'bidder');
      bidders.push({ user, keys: await certifyBidder(t.app, user), large: i >= SMALL_BIDDERS });
    }
    await t.platform.close();
  });
  after(async () => {
    for (const s of servers) await s.kill9();
    await t.close();
  });

  it('keeps every receipted bid intact and no partial one', async () => {
    const config = t.platform.config;
    const first = new SpawnedServer(config);
    servers.push(first);
    const url = `${await first.baseUrl}/api/v1/tenders/${tender.id}/sections/${tender.sections[0]!.id}/bids`;
    const receipts: SignedBidReceipt[] = [];
    let largeBytes = 0;
    let killed = false;
    let uploads = 0;

    const client = async (b: (typeof bidders)[number]) => {
      for (let n = 0; !killed; n++) {
        uploads++;
        const headers = {
          Authorization: `Bearer ${b.user.token}`,
          'Content-Type': 'application/vnd.yangguang.sealed-bid',
          'Idempotency-Key': `crash-${b.user.partyId}-${n}`,
          'X-Client-Device': base64urlJson(testDevice),
        };
        const size = b.large ? 48 * MiB : 64 * 1024 + n;
        const pieces = sealStream(tender, b.user.partyId!, b.keys, {
          attachmentBytes: size,
          chunkSize: b.large ? MiB : 4096,
        });
        try {
          const res = await streamUpload(url, headers, pieces, (bytes) => {
            if (b.large) largeBytes += bytes;
          });
          assert.equal(res.status, 201, res.body);
          receipts.push((JSON.parse(res.body) as { receipt: SignedBidReceipt }).receipt);
        } catch (err) {
          if (!killed) throw err;
          return;
        }
      }
    };
    // A client that fails before the kill is a failure of the test (kept, so the wait can stop at once).
    const failures: unknown[] = [];
    const running = bidders.map((b) => client(b).catch((err: unknown) => void failures.push(err)));
    // Kill once small bids have been receipted and the large ones are half-way through.
    await eventually(
      '20 receipts and the large uploads half-way through',
      () => receipts.length >= 20 && largeBytes >= LARGE_BIDDERS * 20 * MiB,
      {
        timeoutMs: 150_000,
        abort: () => (failures.length > 0 ? `an upload failed: ${String(failures[0])}` : null),
      },
    );
    killed = true;
    await first.kill9();
    await Promise.all(running);
    assert.deepEqual(failures, [], 'every upload either got its receipt or was cut off by the kill');
    assert.ok(uploads > receipts.length, 'some uploads were cut off');

    const second = new SpawnedServer(config);
    servers.push(second);
    const base = await second.baseUrl;
    const ca = await fetch(`${base}/api/v1/ca`).then((r) => r.json() as Promise<Record<string, string>>);
    // The restarted server takes bids again.
    const b = bidders[0]!;
    const again = await streamUpload(
      url.replace(/^http:\/\/[^/]+/, base),
      {
        Authorization: `Bearer ${b.user.token}`,
        'Content-Type': 'application/vnd.yangguang.sealed-bid',
      },
      sealStream(tender, b.user.partyId!, b.keys),
    );
    assert.equal(again.status, 201, again.body);
    await second.stop();

    const platform = await composePlatform(config, { clock: new ManualClock(), passwordLogN: 11 });
    try {
      const { Bid, BidVersion } = platform.models;
      const blobs = new FileBlobStore(config.STORAGE_DIR);
      for (const signed of receipts) {
        assert.deepEqual(await verifyBidReceipt(signed, ca.platformSigningCertificatePem!), { ok: true });
        const { bidId, bidVersion, ciphertextSha256, size } = signed.receipt;
        const row = await BidVersion.findOne({ where: { bidId, version: bidVersion } });
        assert.ok(row, `receipted bid ${bidId} v${bidVersion} is stored`);
        assert.equal(row.blobSha256, ciphertextSha256);
        assert.equal(row.size, size);
        assert.deepEqual(JSON.parse(row.receipt), signed);
      }
      const versions = await BidVersion.findAll();
      const hashes = new Map<string, string>();
      for (const v of versions) {
        const path = blobs.pathOf(v.blobSha256);
        hashes.set(v.blobSha256, hashes.get(v.blobSha256) ?? (await fileSha256(path)));
        assert.equal(hashes.get(v.blobSha256), v.blobSha256, `blob of ${v.bidId} v${v.version} is intact`);
        assert.equal(await blobs.size(v.blobSha256), v.size);
      }
      for (const bid of await Bid.findAll()) {
        assert.ok(versions.some((v) => v.bidId === bid.id && v.version === bid.currentVersion));
      }
      assert.ok(versions.length >= receipts.length + 1);
    } finally {
      await platform.close();
    }
  });
});
