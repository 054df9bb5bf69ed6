import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { IngestSlots, UploadPace } from './ingest-slots.js';

describe('ingest slots', () => {
  it('lets `size` uploads in at once and the rest in their order of arrival, refusing none', async () => {
    const slots = new IngestSlots(2);
    const order: number[] = [];
    const held = await Promise.all([slots.acquire(), slots.acquire()]);
    const later = [3, 4, 5].map((n) => slots.acquire().then((slot) => (order.push(n), slot)));
    await sleep(5);
    assert.equal(slots.queued, 3);
    assert.deepEqual(order, []);
    held[0]!.release();
    const third = await later[0]!;
    held[1]!.release();
    third.release();
    const rest = await Promise.all(later.slice(1));
    assert.deepEqual(order, [3, 4, 5]);
    assert.equal(slots.queued, 0);
    for (const s of rest) s.release();
  });

  it('frees a slot once, however often it is released', async () => {
    const slots = new IngestSlots(1);
    const first = await slots.acquire();
    const second = slots.acquire();
    const third = slots.acquire();
    first.release();
    first.release(); // must not let the third in too
    await second;
    await sleep(5);
    assert.equal(slots.queued, 1);
    (await second).release();
    (await third).release();
  });

  it('gives a slow client’s slot up, and keeps a fast one’s', async () => {
    const slots = new IngestSlots(1);
    const limits = { stallMs: 50, fastBytesPerSecond: 1024 * 1024 };
    const fastSlot = await slots.acquire();
    const fast = new UploadPace(fastSlot, limits);
    const waiting = slots.acquire();
    for (let i = 0; i < 20; i++) {
      fast.waiting();
      await sleep(1);
      fast.arrived(64 * 1024);
    }
    fast.waiting();
    await sleep(10); // a pause shorter than a stall
    fast.arrived(64 * 1024);
    fast.stop(); // the body ended
    await sleep(80);
    assert.equal(slots.queued, 1, 'the fast upload still holds its slot');

    // A client that stops sending for longer than a stall.
    const stalled = new Promise<void>((resolve) => {
      const slot = { release: resolve };
      new UploadPace(slot, limits).waiting();
    });
    await stalled;

    // A client that trickles: a piece every few milliseconds, far too small.
    let released = false;
    const trickle = new UploadPace(
      { release: () => (released = true) },
      { stallMs: 1000, fastBytesPerSecond: 1024 * 1024 },
    );
    for (let i = 0; i < 300 && !released; i++) {
      trickle.waiting();
      await sleep(5);
      trickle.arrived(10);
    }
    trickle.stop();
    assert.ok(released, 'the trickling upload gave its slot up');
    assert.equal(slots.queued, 1);
    fastSlot.release(); // as the ingest does once the file is staged
    (await waiting).release();
  });
});
