import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCsr } from '../../crypto/index.js';
import type { Platform } from '../compose.js';
import type { EvaluationPlan, PriceFormula } from '../modules/tenders/index.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import { seedContext } from './context.js';
import { DAY } from './seed-clock.js';

/**
 * The demo's key custodians get key pairs of their own, kept as files beside the platform keys (in a real
 * deployment each custodian's agent keeps its key on its own machine); the server only sees their CSRs.
 */
export async function certifyCustodians(platform: Platform, usernames: string[]): Promise<string[]> {
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
export const demoPlan = (priceFormula: PriceFormula): EvaluationPlan => ({
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

/** What differs between the demo's tenders; the rest (criteria, form, plan, custodians) is the same. */
export interface DemoTenderSpec {
  projectName: string;
  title: string;
  description: string;
  schedule: { documentsFrom: Date; documentsTo: Date; clarificationDeadline: Date; bidDeadline: Date };
  sections: { name: string; maxPriceFen: number; estimatedPriceFen: number; depositFen: number }[];
  custodianIds: string[];
  /** The committee of the plan (default: four drawn experts and one representative of the tenderee). */
  committee?: EvaluationPlan['committee'];
}

/** A tender run by the demo agency for the demo tenderee, published at the clock's moment. */
export async function publishDemoTender(platform: Platform, spec: DemoTenderSpec): Promise<TenderView> {
  const { models, clock, tenders } = platform;
  const agency = (await models.User.findOne({ where: { username: 'agency' } }))!;
  const tenderee = (await models.User.findOne({ where: { username: 'tenderee' } }))!;
  const ctx = seedContext(agency, clock);
  const { tender } = await tenders.createDraft(ctx, {
    projectName: spec.projectName,
    title: spec.title,
    description: spec.description,
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
    schedule: spec.schedule,
    sections: spec.sections.map((s, i) => {
      const plan = demoPlan(
        i === 0
          ? { base: 'lowest-price' }
          : { base: 'benchmark-average', pointsPerPercentAbove: 1, pointsPerPercentBelow: 0.5 },
      );
      return { ...s, evaluationPlan: spec.committee ? { ...plan, committee: spec.committee } : plan };
    }),
    custodians: { userIds: spec.custodianIds, threshold: 2 },
  });
  return tenders.publish(ctx, tender.id);
}

/** The usual schedule of the demo: documents for 7 days, questions until day 12, bids until `bidDays`. */
export function demoSchedule(from: Date, bidDeadline: Date) {
  const at = (days: number) => new Date(from.getTime() + days * DAY);
  return { documentsFrom: from, documentsTo: at(7), clarificationDeadline: at(12), bidDeadline };
}

/** One tender open for bids (published at the real start), so the portal has one to bid on. */
export async function seedDemoTender(platform: Platform, custodianIds: string[]): Promise<TenderView> {
  const now = platform.clock.now();
  return publishDemoTender(platform, {
    projectName: '南宁市五象新区友谊路道路改造工程',
    title: '五象新区友谊路道路改造工程施工招标',
    description: '友谊路（平乐大道至玉洞大道段）道路、排水、照明及附属设施施工，全长约2.3公里。',
    schedule: demoSchedule(now, new Date(now.getTime() + 25 * DAY)),
    sections: [
      {
        name: '第一标段（道路工程）',
        maxPriceFen: 2_860_000_000,
        estimatedPriceFen: 2_700_000_000,
        depositFen: 40_000_000,
      },
      {
        name: '第二标段（排水照明）',
        maxPriceFen: 980_000_000,
        estimatedPriceFen: 930_000_000,
        depositFen: 15_000_000,
      },
    ],
    custodianIds,
  });
}
