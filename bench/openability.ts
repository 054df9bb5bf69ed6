import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { signPss } from '../crypto/signatures.js';
import { sealedBid } from '../crypto/index.js';
import { nodeEngine } from '../crypto/node/engine.js';
import { testKey } from '../crypto/testing/keys.js';

/**
 * Cost of sealed-bid format 2 (issue 15): the openability check the server runs on each bid's header at
 * receipt (custodian-key signatures and the PVSS share proofs), and the bytes format 2 adds to a bid over
 * format 1, for 3 custodians with threshold 2 and 5 with threshold 3. In process, no database; the check is
 * timed over ROUNDS bids sealed afresh (median and p95). Prints one JSON line.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PLAINTEXT = 4096;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function seal(members: sealedBid.SealParams['custodians']['members'], threshold: number) {
  const bidder = testKey('bench-bidder');
  const pieces: Uint8Array[] = [];
  const sealed = sealedBid.sealBid(
    {
      tender: { id: 'bench-tender', code: 'BENCH-1' },
      section: { id: 'bench-section', code: 'S1' },
      bidder: {
        partyId: 'bench-party',
        certificatePem: bidder.publicPem,
        certificateSerial: 'b1',
        sign: (d) => signPss(bidder.privatePem, d),
      },
      custodians: { threshold, members },
      plaintextSize: PLAINTEXT,
      sealedAt: new Date('2026-12-06T00:00:00Z'),
      engine: nodeEngine,
    },
    (async function* () {
      yield new Uint8Array(PLAINTEXT);
    })(),
  );
  for await (const p of sealed) pieces.push(p);
  const file = Buffer.concat(pieces);
  const headerBytes = file.readUInt32BE(5);
  const header = JSON.parse(
    file.subarray(sealedBid.PREAMBLE_BYTES, sealedBid.PREAMBLE_BYTES + headerBytes).toString('utf8'),
  ) as sealedBid.SealedBidHeader;
  return { size: file.length, headerBytes, header };
}

async function measure(n: number, threshold: number) {
  const keys = Array.from({ length: n }, (_, i) => testKey(`bench-custodian-${i + 1}`));
  const certs = keys.map((k, i) => ({
    position: i + 1,
    certificatePem: k.publicPem,
    certificateSerial: (0xc0 + i).toString(16),
  }));
  const withKeys = await Promise.all(
    certs.map(async (c, i) => ({
      ...c,
      custodianKey: await sealedBid.makeCustodianKey(c.certificatePem, c.certificateSerial, (d) =>
        signPss(keys[i]!.privatePem, d),
      ),
    })),
  );
  const v1 = await seal(certs, threshold);
  const times: number[] = [];
  let v2Size = 0;
  let v2Header = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const v2 = await seal(withKeys, threshold);
    v2Size = v2.size;
    v2Header = v2.headerBytes;
    const start = performance.now();
    const result = await sealedBid.checkOpenability(v2.header, certs);
    times.push(performance.now() - start);
    if (!result.openable) throw new Error(`bench bid not openable: ${JSON.stringify(result.failures)}`);
  }
  times.sort((a, b) => a - b);
  return {
    custodians: n,
    threshold,
    checkMsMedian: round(quantile(times, 0.5)),
    checkMsP95: round(quantile(times, 0.95)),
    v1HeaderBytes: v1.headerBytes,
    v2HeaderBytes: v2Header,
    bytesAddedVsV1: v2Size - v1.size,
  };
}

async function main() {
  const results = [];
  for (const [n, k] of [
    [3, 2],
    [5, 3],
  ] as const)
    results.push(await measure(n, k));
  console.log(
    JSON.stringify({
      bench: 'sealed-bid-openability',
      rounds: ROUNDS,
      plaintextBytes: PLAINTEXT,
      loadavg1m: round(loadavg()[0]!),
      results,
    }),
  );
}

await main();
