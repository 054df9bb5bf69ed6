import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCsr } from '../../crypto/index.js';
import type { Platform } from '../compose.js';
import type { EvaluationPlan, PriceFormula } from '../modules/tenders/index.js';
import { seedContext } from './context.js';

const DAY = 24 * 3600_000;

/**
 * The demo's key custodians get key pairs of their own, kept as files beside the platform keys (in a real
 * deployment each custodian's agent keeps its key on its own machine); the server only sees their CSRs.
 */
async function certifyCustodians(platform: Platform, usernames: string[]): Promise<string[]> {
  const dir = join(platform.config.KEYS_DIR, 'custodians');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ids: string[] = [];
  for (const username of usernames) {
    const user = (await platform.models.User.findOne({ where: { username } }))!;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, `${username}.key.pem`), keyPem, { mode: 0o600 });
    await platform.certificates.issue(
      seedContext(user, platform.clock),
      createCsr({ keyPem, commonName: username }),
    );
    ids.push(user.id);
  }
  return ids;
}

/**
 * 综合评估法 for both sections, as bidders read it in the notice: qualification pass/fail, the construction
 * plan (30) and the project team (10) scored by each member, the price (60) computed by the formula; a
 * committee of five, four drawn experts and one representative of the tenderee.
 */
const demoPlan = (priceFormula: PriceFormula): EvaluationPlan => ({
  method: 'comprehensive',
  criteria: [
    { key: 'qualification', name: '资格审查', kind: 'pass-fail', group: 'qualification', points: 0 },
    { key: 'construction', name: '施工组织设计', kind: 'subjective', group: 'technical', points: 30 },
    { key: 'team', name: '项目管理机构', kind: 'subjective', group: 'commercial', points: 10 },
    { key: 'price', name: '投标报价', kind: 'objective', group: 'price', points: 60 },
  ],
  priceFormula,
  committee: { size: 5, experts: 4, representatives: 1 },
  governmentProcurement: false,
  deviationPercent: 20,
  abnormallyLowPercent: 20,
  durationMinutes: 240,
});

/** One open tender, run by the demo agency for the demo tenderee, so the portal has something to show. */
export async function seedDemoTender(platform: Platform): Promise<void> {
  const { models, clock, tenders } = platform;
  const custodianIds = await certifyCustodians(platform, ['custodian1', 'custodian2', 'custodian3']);
  const agency = (await models.User.findOne({ where: { username: 'agency' } }))!;
  const tenderee = (await models.User.findOne({ where: { username: 'tenderee' } }))!;
  const now = clock.now().getTime();
  const at = (days: number) => new Date(now + days * DAY);
  const ctx = seedContext(agency, clock);
  const { tender } = await tenders.createDraft(ctx, {
    projectName: '南宁市五象新区友谊路道路改造工程',
    title: '五象新区友谊路道路改造工程施工招标',
    description: '友谊路（平乐大道至玉洞大道段）道路、排水、照明及附属设施施工，全长约2.3公里。',
    category: 'A',
    procurementMethod: '1',
    tendereePartyId: tenderee.partyId!,
    agencyPartyId: null,
    regionCode: '450100',
    bidValidityDays: 90,
    evaluationMethod: 'comprehensive',
    evaluationCriteria: [
      { name: '资格审查', kind: 'qualification' },
      { name: '施工组织设计', kind: 'technical', weight: 30 },
      { name: '项目管理机构', kind: 'commercial', weight: 10 },
      { name: '投标报价', kind: 'price', weight: 60 },
    ],
    bidFormFields: [
      { key: 'durationDays', label: '工期（日历天）', type: 'integer', required: true, readOut: true },
      { key: 'quality', label: '质量标准', type: 'text', required: true, readOut: true },
    ],
    schedule: {
      documentsFrom: at(0),
      documentsTo: at(7),
      clarificationDeadline: at(12),
      bidDeadline: at(25),
    },
    sections: [
      {
        name: '第一标段（道路工程）',
        maxPriceFen: 2_860_000_000,
        estimatedPriceFen: 2_700_000_000,
        depositFen: 40_000_000,
        evaluationPlan: demoPlan({ base: 'lowest-price' }),
      },
      {
        name: '第二标段（排水照明）',
        maxPriceFen: 980_000_000,
        estimatedPriceFen: 930_000_000,
        depositFen: 15_000_000,
        evaluationPlan: demoPlan({
          base: 'benchmark-average',
          pointsPerPercentAbove: 1,
          pointsPerPercentBelow: 0.5,
        }),
      },
    ],
    custodians: { userIds: custodianIds, threshold: 2 },
  });
  await tenders.publish(ctx, tender.id);
}
