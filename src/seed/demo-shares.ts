// DEMO ARRANGEMENT. What a demo custodian's agent does at an opening, done in the seed's history for the
// tenders already opened: read its wrapped shares, unwrap them with its key file, release them. The live
// opening is left to the running agents (demo-custodian-agents.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealedBid } from '../../crypto/index.js';
import type { Platform } from '../compose.js';
import { seedContext } from './context.js';

export async function releaseDemoShares(
  platform: Platform,
  tenderId: string,
  custodian: string,
): Promise<void> {
  const { models, opening, clock, config } = platform;
  const user = (await models.User.findOne({ where: { username: custodian } }))!;
  const ctx = seedContext(user, clock);
  const keyPem = readFileSync(join(config.KEYS_DIR, 'custodians', `${custodian}.key.pem`), 'utf8');
  const { bids } = await opening.releases.wrappedShares(ctx.actor!, tenderId);
  const shares = [];
  for (const b of bids) {
    const share = await sealedBid.unwrapWith(keyPem, b.wrappedShare);
    shares.push({ bidId: b.bidId, version: b.version, share: Buffer.from(share).toString('base64') });
  }
  await opening.releases.releaseShares(ctx, tenderId, shares);
}
