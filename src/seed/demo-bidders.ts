// DEMO ARRANGEMENT. The four demo bidders seal their bids as their own client would (crypto/sealed-bid, the
// bidder's key, the tender's custodians) and hand them to the bids service, which checks and records them as
// for any upload. Their keys stay beside the custodians' (owner-only) so the demo bidders can open and read
// their own bids later with the CLI, as a real bidder keeps its key on its own machine.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createCsr, sealedBid, signPss } from '../../crypto/index.js';
import { nodeEngine } from '../../crypto/node/engine.js';
import type { Platform } from '../compose.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import type { User } from '../modules/identity/models.js';
import { seedContext } from './context.js';

export const DEMO_BIDDERS = ['bidder1', 'bidder2', 'bidder3', 'bidder4'];

/** Each demo bidder's deposit account (the bank it paid from, where the deposit goes back). */
const BANKS = ['中国工商银行南宁分行', '中国建设银行南宁分行', '中国银行柳州分行', '中国农业银行桂林分行'];

export interface DemoBidder {
  user: User;
  keyPem: string;
  certPem: string;
  serial: string;
  account: { bank: string; accountName: string; accountNumber: string };
}

const keyFile = (keysDir: string, username: string) => join(keysDir, 'bidders', `${username}.key.pem`);

/** A key pair for each demo bidder (made once, kept as a file) and a platform certificate for it. */
export async function certifyDemoBidders(platform: Platform): Promise<DemoBidder[]> {
  const { models, certificates, clock, config } = platform;
  mkdirSync(join(config.KEYS_DIR, 'bidders'), { recursive: true, mode: 0o700 });
  const out: DemoBidder[] = [];
  for (const [i, username] of DEMO_BIDDERS.entries()) {
    const user = (await models.User.findOne({ where: { username } }))!;
    const file = keyFile(config.KEYS_DIR, username);
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    }
    const keyPem = readFileSync(file, 'utf8');
    const cert = await certificates.issue(
      seedContext(user, clock),
      createCsr({ keyPem, commonName: username }),
    );
    out.push({
      user,
      keyPem,
      certPem: cert.pem,
      serial: cert.serial,
      account: {
        bank: BANKS[i]!,
        accountName: user.displayName,
        accountNumber: `6222 0210 ${String(1001 + i).padStart(4, '0')} 8866`,
      },
    });
  }
  return out;
}

/** Seals the bid in the bidder's name for the tender's first section and submits it; returns the bid's id. */
export async function submitDemoBid(
  platform: Platform,
  tender: TenderView,
  bidder: DemoBidder,
  form: { priceFen: number; durationDays: number; quality: string },
): Promise<string> {
  const section = tender.sections[0]!;
  const manifest: sealedBid.BidManifest = {
    form: { price: form.priceFen, durationDays: form.durationDays, quality: form.quality },
    attachments: [{ name: '投标文件.txt', size: 0, mediaType: 'text/plain' }],
  };
  const text = new TextEncoder().encode(
    `${bidder.user.displayName}\n${tender.title}\n${section.name}\n投标报价（分）：${form.priceFen}\n` +
      `工期：${form.durationDays} 日历天\n质量标准：${form.quality}\n`,
  );
  manifest.attachments[0]!.size = text.length;
  const pieces: Uint8Array[] = [];
  const sealed = sealedBid.sealBid(
    {
      tender: { id: tender.id, code: tender.code },
      section: { id: section.id, code: section.code },
      bidder: {
        partyId: bidder.user.partyId!,
        certificatePem: bidder.certPem,
        certificateSerial: bidder.serial,
        sign: (data) => signPss(bidder.keyPem, data),
      },
      custodians: {
        threshold: tender.custodians.threshold,
        members: tender.custodians.members.map((m) => ({
          position: m.position,
          certificatePem: m.certificatePem!,
          certificateSerial: m.certificateSerial!,
        })),
      },
      plaintextSize: sealedBid.bidPackageSize(manifest),
      sealedAt: platform.clock.now(),
      engine: nodeEngine,
    },
    sealedBid.bidPackage(manifest, [one(text)]),
  );
  for await (const piece of sealed) pieces.push(piece);
  const file = Buffer.concat(pieces);
  const recorded = await platform.bids.submit(
    seedContext(bidder.user, platform.clock),
    tender.id,
    section.id,
    {
      headers: {
        idempotencyKey: null,
        device: { tool: 'yangguang-cli/demo', deviceId: `demo-${bidder.user.username}` },
        depositAccount: bidder.account,
        userAgent: 'yangguang demo seed',
        declaredLength: file.length,
      },
      body: () => Readable.from([file]),
    },
  );
  return recorded.submission.bid.id;
}

async function* one(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The four demo bidders' bids, the first at `firstMs` (from the real start), then `everyMs` apart. */
export async function submitDemoBids(
  platform: Platform,
  history: { at(offsetMs: number): Date },
  tender: TenderView,
  bidders: DemoBidder[],
  plan: { prices: number[]; durationDays: number; firstMs: number; everyMs: number },
): Promise<void> {
  for (const [i, bidder] of bidders.entries()) {
    history.at(plan.firstMs + i * plan.everyMs);
    await submitDemoBid(platform, tender, bidder, {
      priceFen: plan.prices[i]!,
      durationDays: plan.durationDays - i * 10,
      quality: '合格',
    });
  }
}
