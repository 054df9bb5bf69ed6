import assert from 'node:assert/strict';
import {
  DAY_MS,
  generateHistory,
  generateOpening,
  type SyntheticBid,
  type SyntheticTender,
} from '../bench/supervision-history.js';

/*
 * The benchmark's synthetic histories (bench/supervision-history.ts): what a history says it planted is in
 * its data, checked here from the data alone (not by the screens the benchmark measures), the same seed gives
 * the same history, and a clean tender carries nothing but the honest noise it names.
 */

/** Keys shared by two or more different bidders of the tender. */
function sharedKeys(bids: readonly SyntheticBid[], keys: (b: SyntheticBid) => string[]): string[] {
  const owners = new Map<string, Set<string>>();
  for (const b of bids) for (const k of keys(b)) owners.set(k, (owners.get(k) ?? new Set()).add(b.partyId));
  return [...owners].filter(([, who]) => who.size >= 2).map(([k]) => k);
}

const beijingHour = (ms: number) => new Date(ms + 8 * 3600_000).getUTCHours();

/** The planted indicator, read back from the tender's data. */
const CHECKS: Record<string, (t: SyntheticTender) => boolean> = {
  'same-device': (t) =>
    sharedKeys(t.bids, (b) => b.machine.filter((m) => m.startsWith('device:'))).length > 0,
  'same-ip': (t) => sharedKeys(t.bids, (b) => [b.ip]).length > 0,
  'deemed-collusion': (t) => sharedKeys(t.bids, (b) => [b.deposit.accountNumber]).length > 0,
  'same-file': (t) =>
    sharedKeys(t.bids, (b) => b.files.filter((f) => f.name === '技术标.docx').map((f) => f.sha256)).length >
    0,
  'upload-cluster': (t) => {
    // The ring's uploads: minutes apart, between 01:00 and 05:00 Beijing time.
    const times = ringBids(t)
      .map((b) => b.at)
      .sort((a, b) => a - b);
    return (
      times.length >= 2 &&
      times.every((at) => beijingHour(at) >= 1 && beijingHour(at) < 5) &&
      times.slice(1).every((at, i) => at - times[i]! <= 180_000)
    );
  },
  'price-steps': (t) => {
    const ring = ringBids(t);
    if (sharedKeys(ring, (b) => [String(b.priceFen)]).length > 0) return true;
    const prices = [...new Set(ring.map((b) => b.priceFen))].sort((a, b) => a - b);
    const steps = prices.slice(1).map((p, i) => p - prices[i]!);
    return prices.length >= 3 && steps.every((s) => s === steps[0]);
  },
  'price-close': (t) => {
    const [lowest, second] = [...new Set(t.bids.map((b) => b.priceFen))].sort((a, b) => a - b);
    return second !== undefined && (second - lowest!) * 100 <= lowest!;
  },
  'near-budget': (t) => {
    const lowest = Math.min(...t.bids.map((b) => b.priceFen));
    return lowest <= t.maxPriceFen && (t.maxPriceFen - lowest) * 50 <= t.maxPriceFen;
  },
  'single-bid': (t) => t.bids.length > 0 && t.bids.length < 3,
  'short-period': (t) => t.bidDeadline - Math.max(t.publishedAt, t.documentsFrom) < 20 * DAY_MS,
  'lowest-rejected': (t) => {
    const lowest = Math.min(...t.bids.map((b) => b.priceFen));
    const lowestIds = t.bids.filter((b) => b.priceFen === lowest).map((b) => b.bidId);
    return t.candidates.length === 1 || !lowestIds.some((id) => t.candidates.includes(id));
  },
  'expert-deviation': (t) =>
    t.bids.some((b) => {
      const totals = t.scores.filter((s) => s.bidId === b.bidId).map((s) => s.totalHundredths);
      const mean = totals.reduce((a, x) => a + x, 0) / totals.length;
      return totals.some((x) => Math.abs(x - mean) > 0.2 * mean);
    }),
};

let ringMembers = new Map<string, Set<string>>();
const ringBids = (t: SyntheticTender) =>
  t.bids.filter((b) => t.ring && ringMembers.get(t.ring)!.has(b.partyId));

describe('synthetic tender histories for the supervision benchmark', () => {
  const history = generateHistory({ tenders: 50, seed: 7 });
  ringMembers = new Map(history.rings.map((r) => [r.id, new Set(r.members)]));

  it('is the same history for the same seed, another for another seed', () => {
    assert.deepEqual(generateHistory({ tenders: 50, seed: 7 }), history);
    const other = generateHistory({ tenders: 50, seed: 8 });
    assert.notDeepEqual(
      other.tenders.map((t) => t.bids.map((b) => b.priceFen)),
      history.tenders.map((t) => t.bids.map((b) => b.priceFen)),
    );
  });

  it('has ring tenders where two or more members of one ring bid, and several kinds of planted flags', () => {
    const ringTenders = history.tenders.filter((t) => t.kind === 'ring');
    assert.ok(ringTenders.length >= 5, `${ringTenders.length} ring tenders of 50`);
    for (const t of ringTenders) {
      const members = ringMembers.get(t.ring!)!;
      const present = new Set(t.bids.filter((b) => members.has(b.partyId)).map((b) => b.partyId));
      assert.ok(present.size >= 2, `${t.tenderId}: ${present.size} members of ${t.ring}`);
    }
    const kinds = new Set(history.tenders.flatMap((t) => Object.keys(t.planted)));
    assert.ok(kinds.size >= 8, `planted: ${[...kinds].join(', ')}`);
  });

  it('has in its data every flag it says it planted', () => {
    let checked = 0;
    for (const t of history.tenders)
      for (const indicator of Object.keys(t.planted)) {
        assert.ok(
          CHECKS[indicator]!(t),
          `${t.tenderId}: ${indicator} (${t.planted[indicator as 'same-ip']})`,
        );
        checked++;
      }
    assert.ok(checked >= 20, `${checked} planted flags`);
  });

  it('plants nothing in a clean tender: no ring, shared deposits, devices or files beyond the named noise', () => {
    const clean = history.tenders.filter((t) => t.kind === 'clean');
    assert.ok(clean.length >= 20);
    for (const t of clean) {
      assert.deepEqual(t.planted, {}, t.tenderId);
      assert.equal(t.ring, null);
      assert.ok(t.bids.length >= 3, `${t.tenderId}: ${t.bids.length} bids`);
      assert.ok(!CHECKS['short-period']!(t), `${t.tenderId}: short period`);
      assert.ok(
        t.bids.every((b) => !ringOf(b.partyId)),
        `${t.tenderId}: a ring member`,
      );
      assert.deepEqual(
        sharedKeys(t.bids, (b) => [b.deposit.accountNumber]),
        [],
        t.tenderId,
      );
      // A placeholder disk serial is the only machine identifier strangers share.
      assert.ok(sharedKeys(t.bids, (b) => b.machine).every((m) => m === 'disk:0000_0000_0000_0001'));
      // The tenderer's blank form, attached unchanged, is the only file two honest bids share.
      const sharedFiles = sharedKeys(t.bids, (b) => b.files.map((f) => `${f.name}:${f.sha256}`));
      assert.ok(
        sharedFiles.every((f) => f.startsWith('投标函格式.docx:')),
        t.tenderId,
      );
      if (sharedFiles.length) assert.ok(t.noise.includes('the blank form attached unchanged'));
    }
  });

  it('makes one opening of exactly the bids asked, each bidder once', () => {
    const opening = generateOpening(100, 3);
    assert.equal(opening.bids.length, 100);
    assert.equal(new Set(opening.bids.map((b) => b.partyId)).size, 100);
    assert.ok(opening.scores.every((s) => opening.bids.some((b) => b.bidId === s.bidId)));
  });
});

const ringOf = (partyId: string) => [...ringMembers].find(([, members]) => members.has(partyId))?.[0];
