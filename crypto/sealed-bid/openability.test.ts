import assert from 'node:assert/strict';
import { canonicalJson } from '../canonical-json.js';
import { toHex, utf8 } from '../encoding.js';
import { signPss } from '../signatures.js';
import {
  SealedBidReader,
  checkOpenability,
  contentKeyFromBidder,
  isContentKey,
  isShareValid,
  makeCustodianKey,
  recoverContentKey,
  sealBid,
  unwrapBidderKey,
  unwrapShare,
  verifySealedBidSignature,
  type SealedBidHeaderV2,
} from './index.js';
import { deal } from './pvss.js';
import { sharesContext } from './openability.js';
import { loadSealedBidVector } from './test-vectors/vectors.js';

const vector = loadSealedBidVector();
const plaintext = utf8('YGBP-openability-test-'.repeat(30));

async function custodianKeys() {
  return Promise.all(
    vector.custodians.map(async (c) => ({
      ...c,
      custodianKey: await makeCustodianKey(c.certPem, c.serial, (d) => signPss(c.keyPem, d)),
    })),
  );
}

async function sealV2(members: Awaited<ReturnType<typeof custodianKeys>>) {
  const pieces: Uint8Array[] = [];
  for await (const piece of sealBid(
    {
      tender: { id: 'tender-1', code: 'E1' },
      section: { id: 'section-1', code: 'E1001' },
      bidder: {
        partyId: vector.bidder.partyId,
        certificatePem: vector.bidder.certPem,
        certificateSerial: vector.bidder.serial,
        sign: (d) => signPss(vector.bidder.keyPem, d),
      },
      custodians: {
        threshold: 2,
        members: members.map((m) => ({
          position: m.position,
          certificatePem: m.certPem,
          certificateSerial: m.serial,
          custodianKey: m.custodianKey,
        })),
      },
      plaintextSize: plaintext.length,
      sealedAt: new Date('2026-12-05T01:00:00Z'),
      chunkSize: 256,
    },
    [plaintext],
  )) {
    pieces.push(piece);
  }
  return new Uint8Array(Buffer.concat(pieces));
}

async function read(file: Uint8Array, key?: Uint8Array) {
  const out: Uint8Array[] = [];
  const reader = new SealedBidReader({ decrypt: key && { key, onPlaintext: (b) => void out.push(b) } });
  await reader.push(file);
  return { summary: await reader.end(), plaintext: Buffer.concat(out) };
}

const certs = () => vector.custodians.map((c) => ({ position: c.position, certificatePem: c.certPem }));

describe('sealed-bid format v2: openability proven at receipt (PVSS on P-256)', () => {
  let members: Awaited<ReturnType<typeof custodianKeys>>;
  let file: Uint8Array;
  let header: SealedBidHeaderV2;

  before(async () => {
    members = await custodianKeys();
    file = await sealV2(members);
    const { summary } = await read(file);
    assert.equal(summary.header.version, 2);
    header = summary.header as SealedBidHeaderV2;
    assert.equal(await verifySealedBidSignature(summary, vector.bidder.certPem), true);
  });

  it('is openable by public checks alone, and any 2 of 3 custodians open it', async () => {
    assert.deepEqual(await checkOpenability(header, certs()), {
      openable: true,
      verified: true,
      failures: [],
    });
    for (const pair of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const released = await Promise.all(
        pair.map(async (i) => {
          const c = members[i]!;
          return { position: c.position, share: await unwrapShare(header, c.position, c.keyPem) };
        }),
      );
      for (const r of released) assert.equal(await isShareValid(header, r.position, r.share), true);
      const recovery = await recoverContentKey(header, released);
      assert.ok(recovery.ok);
      assert.deepEqual((await read(file, recovery.key)).plaintext, Buffer.from(plaintext));
    }
  });

  it("opens with the bidder's own secret, checked against the first commitment", async () => {
    const scalar = await unwrapBidderKey(header, vector.bidder.keyPem);
    assert.equal(await isContentKey(header, scalar), true);
    const key = await contentKeyFromBidder(header, scalar);
    assert.ok(key);
    assert.deepEqual((await read(file, key)).plaintext, Buffer.from(plaintext));
    const wrong = Uint8Array.from(scalar);
    wrong[31]! ^= 1;
    assert.equal(await isContentKey(header, wrong), false);
    assert.equal(await contentKeyFromBidder(header, wrong), null);
  });

  it('refuses the adversarial bid: garbage for custodians 2 and 3, the real proofs kept', async () => {
    // The bidder deals twice: real shares (their proofs kept) and junk encrypted shares for 2 and 3.
    const junk = deal(
      2,
      members.map((m) => ({ position: m.position, publicKey: m.custodianKey.publicKey })),
      sharesContext(header.tender, header.section, header.bidder.partyId, 2),
    );
    const forged: SealedBidHeaderV2 = {
      ...header,
      custodians: {
        ...header.custodians,
        shares: header.custodians.shares.map((s, i) =>
          s.position === 1 ? s : { ...s, encryptedShare: junk.shares[i]!.encryptedShare },
        ),
      },
    };
    const result = await checkOpenability(forged, certs());
    assert.equal(result.openable, false);
    assert.deepEqual(result.failures, [
      { position: 2, reason: 'SHARE_PROOF_INVALID' },
      { position: 3, reason: 'SHARE_PROOF_INVALID' },
    ]);
  });

  it('refuses every other tampering: commitments, proofs, keys, context, count', async () => {
    const withShares = (f: (s: SealedBidHeaderV2['custodians']['shares'][number]) => object) => ({
      ...header,
      custodians: { ...header.custodians, shares: header.custodians.shares.map((s) => ({ ...s, ...f(s) })) },
    });
    const flip = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
    const cases: [string, SealedBidHeaderV2][] = [
      [
        'another commitment',
        {
          ...header,
          custodians: {
            ...header.custodians,
            commitments: [header.custodians.commitments[1]!, header.custodians.commitments[0]!],
          },
        },
      ],
      ['a flipped challenge', withShares((s) => ({ proof: { ...s.proof, c: flip(s.proof.c) } }))],
      ['a flipped response', withShares((s) => ({ proof: { ...s.proof, z: flip(s.proof.z) } }))],
      [
        'proofs swapped between positions',
        withShares((s) => ({ proof: header.custodians.shares[s.position % 3]!.proof })),
      ],
      ['another tender (context)', { ...header, tender: { id: 'tender-2', code: 'E2' } }],
      ['another bidder (context)', { ...header, bidder: { ...header.bidder, partyId: 'someone-else' } }],
    ];
    for (const [what, forged] of cases) {
      const result = await checkOpenability(forged, certs());
      assert.equal(result.openable, false, what);
      assert.ok(result.failures.length > 0, what);
    }
    // A platform that swaps in a custodian key of its own (signed by another key) is caught by the signature.
    const rogue = await makeCustodianKey(members[0]!.certPem, members[1]!.serial, (d) =>
      signPss(members[0]!.keyPem, d),
    );
    const swapped = withShares((s) => (s.position === 2 ? { custodianKey: rogue } : {}));
    assert.deepEqual((await checkOpenability(swapped as SealedBidHeaderV2, certs())).failures, [
      { position: 2, reason: 'CUSTODIAN_KEY_UNSIGNED' },
    ]);
    const fewer = {
      ...header,
      custodians: {
        ...header.custodians,
        commitments: header.custodians.commitments.slice(0, 1).concat(header.custodians.commitments),
      },
    };
    assert.equal((await checkOpenability(fewer, certs())).failures[0]?.reason, 'COMMITMENTS_MISMATCH');
    assert.equal(canonicalJson(header).length > 0, true);
  });

  it('refuses a released share that is wrong, altered or for another position', async () => {
    const share = await unwrapShare(header, 1, members[0]!.keyPem);
    for (let at = 0; at < share.length; at += 11) {
      const bad = Uint8Array.from(share);
      bad[at]! ^= 0x40;
      assert.equal(await isShareValid(header, 1, bad), false, `byte ${at}`);
    }
    assert.equal(await isShareValid(header, 2, share), false);
    assert.equal(await isShareValid(header, 1, share.subarray(0, 96)), false);
    const recovery = await recoverContentKey(header, [
      { position: 1, share },
      { position: 2, share },
    ]);
    assert.deepEqual(recovery, { ok: false, reason: 'NOT_ENOUGH_SHARES', valid: [1], wrongShares: [2] });
    // A custodian whose RSA key is not the one its PVSS seed was wrapped to cannot decrypt.
    await assert.rejects(unwrapShare(header, 1, members[1]!.keyPem));
    assert.equal(toHex(share).length, 194);
  });
});
