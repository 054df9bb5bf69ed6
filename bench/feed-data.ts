import { randomUUID } from 'node:crypto';
import type { QueryInterface, Transaction } from 'sequelize';
import type { Platform } from '../src/compose.js';
import { tenderNotice } from '../src/modules/publication/tender-notice.js';
import { defaultPlan } from '../src/modules/tenders/evaluation-plan.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { usccCheckCharacter } from '../src/platform/china/uscc.js';

/**
 * Bench data, not test data: published tenders and their notices written straight into the tables in bulk,
 * as years of a provincial platform's history would leave them. Spread: 31 provinces, categories A/B/C,
 * 60% published, 25% bidding closed, 10% cancelled (with a 终止公告), 5% suspended; dateModified over a year.
 */
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
];
PROVINCES.push(53, 54, 61, 62, 63, 64, 65);
const CATEGORIES = ['A', 'B', 'C'] as const;
const YEAR_MS = 365 * 24 * 3600_000;
const BATCH = 1000;

/** A deterministic generator (mulberry32), so every run, on either engine, gets the same data. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), state | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    // Math.floor, not `| 0`: n may exceed 2^31 (a year in milliseconds), which `| 0` wraps to ±25 days.
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const pick = <T>(random: (n: number) => number, list: readonly T[]): T => list[random(list.length)]!;

function statusFor(roll: number) {
  if (roll < 60) return 'published';
  if (roll < 85) return 'bidding-closed';
  if (roll < 95) return 'cancelled';
  return 'suspended';
}

async function owner(qi: QueryInterface, now: Date) {
  const partyId = randomUUID();
  const userId = randomUUID();
  const body = '91450100MABENCH00'.slice(0, 17);
  const uscc = body + usccCheckCharacter(body);
  const stamps = { created_at: now, updated_at: now };
  await qi.bulkInsert('parties', [
    {
      id: partyId,
      name: '基准测试招标人有限公司',
      uscc,
      kind: 'tenderee',
      region_code: '450100',
      contact_name: '测试',
      contact_phone: '0771-5550100',
      status: 'verified',
      ...stamps,
    },
  ]);
  await qi.bulkInsert('users', [
    {
      id: userId,
      username: 'bench-tenderee',
      display_name: 'bench',
      password_hash: 'x',
      role: 'tenderee',
      party_id: partyId,
      status: 'active',
      ...stamps,
    },
  ]);
  return { partyId, userId, uscc };
}

/** Fills `count` tenders with their notices; returns how many notices were written. */
export async function fillFeed(platform: Platform, count: number): Promise<number> {
  const qi = platform.db.sequelize.getQueryInterface();
  const now = new Date();
  const { partyId, userId, uscc } = await owner(qi, now);
  const random = seeded(20261127);
  let notices = 0;
  for (let start = 0; start < count; start += BATCH) {
    const tenders: object[] = [];
    const rows: object[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const regionCode = `${pick(random, PROVINCES)}${String(1 + random(5)).padStart(2, '0')}${String(random(4)).padStart(2, '0')}`;
      const category = pick(random, CATEGORIES);
      const status = statusFor(random(100));
      const modified = new Date(now.getTime() - random(YEAR_MS));
      const published = new Date(modified.getTime() - random(30) * 24 * 3600_000);
      const code = `${category}${regionCode}${String(i).padStart(10, '0')}`;
      const id = randomUUID();
      const title = `第${i}号${pick(random, ['道路改造', '办公设备', '物业服务', '管网维修'])}项目招标`;
      const at = (days: number) => new Date(published.getTime() + days * 24 * 3600_000);
      tenders.push({
        id,
        code,
        project_code: code.slice(0, 17),
        project_name: title,
        title,
        category,
        procurement_method: '1',
        tenderee_party_id: partyId,
        region_code: regionCode,
        status,
        bid_validity_days: 90,
        evaluation_method: 'comprehensive',
        evaluation_criteria: '[]',
        bid_form_fields: '[]',
        documents_from: published,
        documents_to: at(7),
        clarification_deadline: at(10),
        bid_deadline: at(25),
        custodian_threshold: 2,
        published_at: published,
        cancelled_at: status === 'cancelled' ? modified : null,
        created_by: userId,
        created_at: published,
        updated_at: modified,
      });
      const view = benchView({ id, code, title, regionCode, category, published, uscc });
      const notice = {
        tender_id: id,
        region_code: regionCode,
        category,
        tender_status: status,
        date_modified: modified,
      };
      const text = tenderNotice(view, {
        platformName: '阳光',
        documentsUrl: `/api/v1/tenders/${id}/documents`,
      });
      rows.push({ id: randomUUID(), ...notice, kind: 'tender', number: 1, ...text, published_at: published });
      if (status === 'cancelled') {
        const body = `招标编号：${code}\n终止原因：项目调整。`;
        rows.push({
          id: randomUUID(),
          ...notice,
          kind: 'cancellation',
          number: 1,
          title: `${title}终止公告`,
          body,
          published_at: modified,
        });
      }
    }
    await platform.db.transaction(async (t: Transaction) => {
      await qi.bulkInsert('tenders', tenders, { transaction: t });
      await qi.bulkInsert('notices', rows, { transaction: t });
    });
    notices += rows.length;
  }
  return notices;
}

/** Just enough of a tender for the real notice template, so the notice bodies have their real size. */
type BenchTender = { id: string; code: string; title: string; regionCode: string; category: string };
function benchView(t: BenchTender & { published: Date; uscc: string }) {
  const iso = (days: number) => new Date(t.published.getTime() + days * 24 * 3600_000).toISOString();
  const [documentsFrom, documentsTo, clarificationDeadline, bidDeadline] = [0, 7, 10, 25].map(iso);
  const evaluationPlan = defaultPlan(
    { estimatedPriceFen: 90_000_000 },
    {
      evaluationMethod: 'comprehensive',
      evaluationCriteria: [
        { name: '资格审查', kind: 'qualification' },
        { name: '技术方案', kind: 'technical', weight: 40 },
        { name: '投标报价', kind: 'price', weight: 60 },
      ],
    },
  );
  const section = {
    code: `${t.code}001`,
    name: '第一标段',
    maxPriceFen: 100_000_000,
    depositFen: 1_350_000,
    evaluationPlan,
  };
  const member = (position: number) => ({
    displayName: `保管人${position}`,
    certificateSerial: '0A1B2C3D4E5F',
  });
  return {
    ...t,
    projectCode: t.code.slice(0, 17),
    projectName: t.title,
    description: '道路、排水及附属设施施工，详见招标文件。',
    procurementMethod: '1',
    tenderee: { name: '基准测试招标人有限公司', uscc: t.uscc },
    agency: null,
    evaluationMethod: 'comprehensive',
    bidValidityDays: 90,
    schedule: { documentsFrom, documentsTo, clarificationDeadline, bidDeadline },
    sections: [section],
    custodians: { threshold: 2, members: [1, 2, 3].map(member) },
    publishedAt: documentsFrom,
  } as unknown as TenderView;
}
