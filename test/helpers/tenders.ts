import request from 'supertest';
import type { TenderInput } from '../../src/modules/tenders/schemas.js';
import { bearer, createAdmin, createPartyUser, createStaff, type TestUser } from './api.js';
import { userKeyAndCsr } from './keys.js';
import type { TestPlatform } from './platform.js';

const DAY = 24 * 3600_000;

/** The people a tender needs: a tenderee, an agency, three custodians with certificates, a bidder, oversight. */
export interface TenderWorld {
  admin: TestUser;
  supervisor: TestUser;
  tenderee: TestUser;
  agency: TestUser;
  bidder: TestUser;
  custodians: TestUser[];
}

let worlds = 0;

export async function tenderWorld(t: TestPlatform): Promise<TenderWorld> {
  worlds += 1;
  const admin = await createAdmin(t, `admin-w${worlds}`);
  const supervisor = await createStaff(t, 'supervisor', `supervisor-w${worlds}`);
  const custodians: TestUser[] = [];
  for (let i = 1; i <= 3; i++) {
    const custodian = await createStaff(t, 'custodian', `custodian${i}-w${worlds}`);
    await request(t.app)
      .post('/api/v1/certificates')
      .set(bearer(custodian.token))
      .send({ csrPem: userKeyAndCsr().csrPem })
      .expect(201);
    custodians.push(custodian);
  }
  return {
    admin,
    supervisor,
    custodians,
    tenderee: await createPartyUser(t, admin, 'tenderee'),
    agency: await createPartyUser(t, admin, 'agency'),
    bidder: await createPartyUser(t, admin, 'bidder'),
  };
}

/**
 * A tender that passes every publication rule at `now`: documents from now for 7 days, bids due in 25 days,
 * one section with a maximum price and a 1.5% deposit, three custodians with threshold 2.
 */
export function validTender(world: TenderWorld, now: Date, overrides: Partial<TenderInput> = {}) {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  return {
    projectName: '南宁市五象新区道路改造工程',
    title: '五象新区道路改造工程施工招标',
    description: '道路、排水及附属设施施工。',
    category: 'A',
    procurementMethod: '1',
    regionCode: '450100',
    bidValidityDays: 90,
    evaluationMethod: 'comprehensive',
    evaluationCriteria: [
      { name: '资格审查', kind: 'qualification' },
      { name: '技术方案', kind: 'technical', weight: 40 },
      { name: '投标报价', kind: 'price', weight: 60 },
    ],
    bidFormFields: [
      { key: 'durationDays', label: '工期（日历天）', type: 'integer', required: true, readOut: true },
    ],
    schedule: {
      documentsFrom: at(0),
      documentsTo: at(7),
      clarificationDeadline: at(10),
      bidDeadline: at(25),
    },
    sections: [
      { name: '第一标段', maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 13_500_00 },
    ],
    custodians: { userIds: world.custodians.map((c) => c.userId), threshold: 2 },
    ...overrides,
  };
}

/** Creates and publishes a valid tender as the tenderee; returns its view. */
export async function publishedTender(
  t: TestPlatform,
  world: TenderWorld,
  overrides: Partial<TenderInput> = {},
) {
  const created = await request(t.app)
    .post('/api/v1/tenders')
    .set(bearer(world.tenderee.token))
    .send(validTender(world, t.clock.now(), overrides))
    .expect(201);
  const published = await request(t.app)
    .post(`/api/v1/tenders/${created.body.tender.id}/publication`)
    .set(bearer(world.tenderee.token))
    .expect(200);
  return published.body;
}
