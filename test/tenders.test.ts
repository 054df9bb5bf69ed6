import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PRICE_FIELD } from '../src/modules/tenders/bid-form.js';
import type { BidFormField } from '../src/modules/tenders/models.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import type { EventName } from '../src/platform/events.js';
import { verifyAuditChain } from '../src/platform/audit/verify.js';
import { bearer, createPartyUser, createStaff, type TestUser } from './helpers/api.js';
import { eventually } from './helpers/eventually.js';
import { userKeyAndCsr } from './helpers/keys.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

/**
 * Tenders from draft to the bid deadline, through the HTTP API on a real database: drafts and their rule
 * check, publication (rules enforced, custodians' certificates frozen), cancellation with a reason, bidding
 * closed at the deadline; who sees drafts; events after commit; every accepted change in the audit chain,
 * every refused one changing nothing.
 */
const DAY = 24 * 3600_000;
const START = '2026-01-05T02:00:00.000Z';
type Body = ReturnType<typeof validTender>;
type Who = TestUser | null;

interface Snapshot {
  auditSeq: number;
  tenders: number;
  sections: number;
  custodians: number;
  sequences: string;
}

async function snapshot(t: TestPlatform): Promise<Snapshot> {
  const m = t.platform.models;
  const sequences = await m.CodeSequence.findAll({ order: [['name', 'ASC']], raw: true });
  return {
    auditSeq: Number((await m.AuditHead.findByPk(1))!.seq),
    tenders: await m.Tender.count(),
    sections: await m.TenderSection.count(),
    custodians: await m.TenderCustodian.count(),
    sequences: JSON.stringify(sequences),
  };
}

/** The audit entries about one tender, oldest first. */
async function auditTrail(t: TestPlatform, tenderId: string) {
  const entries = await t.platform.models.AuditEntry.findAll({
    where: { subject: `tender:${tenderId}` },
    order: [['seq', 'ASC']],
  });
  return entries.map((e) => ({
    action: e.action,
    actorUserId: e.actorUserId,
    data: JSON.parse(e.data) as Record<string, unknown>,
  }));
}

function helpers(getT: () => TestPlatform) {
  const as = (who: Who, r: request.Test) => (who ? r.set(bearer(who.token)) : r);
  return {
    as,
    create: (who: Who, body: unknown) =>
      as(
        who,
        request(getT().app)
          .post('/api/v1/tenders')
          .send(body as object),
      ),
    replace: (who: Who, id: string, body: unknown) =>
      as(
        who,
        request(getT().app)
          .put(`/api/v1/tenders/${id}`)
          .send(body as object),
      ),
    get: (who: Who, id: string) => as(who, request(getT().app).get(`/api/v1/tenders/${id}`)),
    check: (who: Who, id: string) => as(who, request(getT().app).post(`/api/v1/tenders/${id}/check`)),
    publish: (who: Who, id: string) => as(who, request(getT().app).post(`/api/v1/tenders/${id}/publication`)),
    cancel: (who: Who, id: string, body: object = { reason: '项目资金未落实' }) =>
      as(who, request(getT().app).post(`/api/v1/tenders/${id}/cancellation`).send(body)),
  };
}

describe('tenders: drafts, publication, cancellation and the bid deadline', () => {
  let t: TestPlatform;
  let world: TenderWorld;
  let otherTenderee: TestUser;
  let otherAgency: TestUser;
  let unverifiedTenderee: TestUser;
  let unverifiedAgency: TestUser;
  const { create, replace, get, check, publish, cancel } = helpers(() => t);
  const off: (() => void)[] = [];

  before(async () => {
    // Sessions outlive the days these tests move the clock by.
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    t.clock.set(START);
    world = await tenderWorld(t);
    otherTenderee = await createPartyUser(t, world.admin, 'tenderee');
    otherAgency = await createPartyUser(t, world.admin, 'agency');
    unverifiedTenderee = await createPartyUser(t, world.admin, 'tenderee', { verify: false });
    unverifiedAgency = await createPartyUser(t, world.admin, 'agency', { verify: false });
  });
  after(() => t.close());
  afterEach(() => {
    for (const unsubscribe of off.splice(0)) unsubscribe();
    t.clock.set(START);
  });

  const body = (overrides: Parameters<typeof validTender>[2] = {}): Body =>
    validTender(world, t.clock.now(), overrides);
  /** A draft made by the tenderee (or `who`), checked to have been created. */
  async function draft(overrides: Parameters<typeof validTender>[2] = {}, who: Who = world.tenderee) {
    const res = await create(who, body(overrides));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.tender as TenderView;
  }
  /** Records one event's payloads for the length of a test. */
  function collect(name: EventName) {
    const seen: Record<string, unknown>[] = [];
    off.push(t.platform.events.on(name, (payload) => void seen.push(payload as Record<string, unknown>)));
    return seen;
  }
  async function assertUnchanged(before: Snapshot) {
    assert.deepEqual(await snapshot(t), before, 'a refused request changes nothing');
  }
  const errorCodes = (res: request.Response) =>
    (res.body.error.details as { code: string }[]).map((d) => d.code).sort();
  const paths = (res: request.Response) =>
    (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

  describe('creating a draft', () => {
    it('a tenderee creates a draft: 201, Location, no violations for a valid tender, audited as tender.create', async () => {
      const before = await snapshot(t);
      const res = await create(world.tenderee, body());
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const tender = res.body.tender as TenderView;
      assert.equal(res.headers.location, `/api/v1/tenders/${tender.id}`);
      assert.deepEqual(res.body.violations, []);
      assert.equal(tender.status, 'draft');
      assert.equal(tender.tenderee.id, world.tenderee.partyId);
      assert.equal(tender.agency, null);
      assert.equal(tender.publishedAt, null);
      assert.match(tender.code, /^A450100\d{6}\d{4}001$/);
      assert.deepEqual(
        tender.sections.map((s) => [s.code, s.maxPriceFen, s.estimatedPriceFen, s.depositFen]),
        [[`${tender.code}001`, 1_000_000_00, 900_000_00, 13_500_00]],
      );
      assert.deepEqual(
        tender.custodians.members.map((m) => [m.position, m.userId, m.certificateSerial]),
        world.custodians.map((c, i) => [i + 1, c.userId, null]),
      );
      assert.equal(tender.custodians.threshold, 2);
      assert.equal(tender.schedule.bidDeadline, new Date(Date.parse(START) + 25 * DAY).toISOString());
      const after = await snapshot(t);
      assert.equal(after.tenders, before.tenders + 1);
      assert.equal(after.sections, before.sections + 1);
      assert.equal(after.custodians, before.custodians + 3);
      assert.equal(after.auditSeq, before.auditSeq + 1);
      assert.deepEqual(await auditTrail(t, tender.id), [
        { action: 'tender.create', actorUserId: world.tenderee.userId, data: { code: tender.code } },
      ]);
      const fetched = await get(world.tenderee, tender.id).expect(200);
      assert.deepEqual(fetched.body, tender);
    });

    it('a draft that breaks rules is saved, and the answer lists each broken rule with its field', async () => {
      const res = await create(
        world.tenderee,
        body({
          schedule: {
            documentsFrom: t.clock.now(),
            documentsTo: new Date(t.clock.now().getTime() + 3 * DAY),
            clarificationDeadline: new Date(t.clock.now().getTime() + 5 * DAY),
            bidDeadline: new Date(t.clock.now().getTime() + 10 * DAY),
          },
          sections: [
            { name: '一标段', maxPriceFen: null, estimatedPriceFen: 100_000_00, depositFen: 2_000_01 },
            { name: '二标段', maxPriceFen: 50_000_00, estimatedPriceFen: 60_000_00, depositFen: 0 },
          ],
          custodians: { userIds: world.custodians.slice(0, 2).map((c) => c.userId), threshold: 3 },
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.tender.status, 'draft');
      assert.deepEqual(
        (res.body.violations as { code: string; field: string }[]).map((v) => [v.code, v.field]),
        [
          ['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline'],
          ['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo'],
          ['MAX_PRICE_MISSING', 'sections.0.maxPriceFen'],
          ['ESTIMATE_ABOVE_MAX_PRICE', 'sections.1.estimatedPriceFen'],
          ['DEPOSIT_OVER_CAP', 'sections.0.depositFen'],
          ['CUSTODIANS_INVALID', 'custodians.userIds'],
          ['CUSTODIANS_INVALID', 'custodians.threshold'],
        ],
      );
    });

    it('the price is always the first bid-form field, whatever the tender asks for', async () => {
      const extra: BidFormField = {
        key: 'warrantyMonths',
        label: '质保期（月）',
        type: 'integer',
        required: true,
        readOut: false,
      };
      const fakePrice: BidFormField = {
        key: 'price',
        label: '报价（元）',
        type: 'text',
        required: false,
        readOut: false,
      };
      const tender = await draft({ bidFormFields: [extra, fakePrice] });
      assert.deepEqual(tender.bidFormFields, [PRICE_FIELD, extra]);
      const plain = await draft({ bidFormFields: [] });
      assert.deepEqual(plain.bidFormFields, [PRICE_FIELD]);
      const defaults = await draft({
        // required and readOut left to their defaults
        bidFormFields: [{ key: 'durationDays', label: '工期', type: 'integer' }] as BidFormField[],
      });
      assert.deepEqual(defaults.bidFormFields, [
        PRICE_FIELD,
        { key: 'durationDays', label: '工期', type: 'integer', required: true, readOut: false },
      ]);
    });

    it('a tenderee appoints a verified agency, which then runs the draft with it', async () => {
      const tender = await draft({ agencyPartyId: world.agency.partyId });
      assert.equal(tender.agency?.id, world.agency.partyId);
      await get(world.agency, tender.id).expect(200);
      const checked = await check(world.agency, tender.id).expect(200);
      assert.deepEqual(checked.body, { ok: true, violations: [] });
    });

    const appointments: [name: string, agency: () => string][] = [
      ['a bidder party', () => world.bidder.partyId!],
      ['a tenderee party', () => otherTenderee.partyId!],
      ['an unverified agency', () => unverifiedAgency.partyId!],
      ['a party that does not exist', () => randomUUID()],
    ];
    for (const [name, agency] of appointments) {
      it(`appointing ${name} as agency: 422 AGENCY_INVALID on agencyPartyId, nothing created`, async () => {
        const before = await snapshot(t);
        const res = await create(world.tenderee, body({ agencyPartyId: agency() }));
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'AGENCY_INVALID');
        assert.deepEqual(paths(res), ['agencyPartyId']);
        await assertUnchanged(before);
      });
    }

    it("a tenderee cannot create a tender in another tenderee's name: 403, nothing created", async () => {
      const before = await snapshot(t);
      const res = await create(world.tenderee, body({ tendereePartyId: otherTenderee.partyId! }));
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'FORBIDDEN');
      await assertUnchanged(before);
    });

    it('an agency creates a draft for a verified tenderee, and both run it', async () => {
      const res = await create(world.agency, body({ tendereePartyId: world.tenderee.partyId! }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const tender = res.body.tender as TenderView;
      assert.equal(tender.tenderee.id, world.tenderee.partyId);
      assert.equal(tender.agency?.id, world.agency.partyId);
      assert.deepEqual(res.body.violations, []);
      await get(world.tenderee, tender.id).expect(200);
      await get(world.agency, tender.id).expect(200);
      assert.deepEqual(await auditTrail(t, tender.id), [
        { action: 'tender.create', actorUserId: world.agency.userId, data: { code: tender.code } },
      ]);
    });

    it('an agency that names no tenderee: 422 TENDEREE_REQUIRED on tendereePartyId, nothing created', async () => {
      const before = await snapshot(t);
      const res = await create(world.agency, body());
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'TENDEREE_REQUIRED');
      assert.deepEqual(paths(res), ['tendereePartyId']);
      await assertUnchanged(before);
    });

    const tenderees: [name: string, party: () => string][] = [
      ['an unverified tenderee', () => unverifiedTenderee.partyId!],
      ['a bidder party', () => world.bidder.partyId!],
      ['an agency party (itself)', () => world.agency.partyId!],
      ['a party that does not exist', () => randomUUID()],
    ];
    for (const [name, party] of tenderees) {
      it(`an agency naming ${name}: 422 TENDEREE_INVALID on tendereePartyId, nothing created`, async () => {
        const before = await snapshot(t);
        const res = await create(world.agency, body({ tendereePartyId: party() }));
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'TENDEREE_INVALID');
        assert.deepEqual(paths(res), ['tendereePartyId']);
        await assertUnchanged(before);
      });
    }

    for (const [name, who] of [
      ['tenderee', () => unverifiedTenderee],
      ['agency', () => unverifiedAgency],
    ] as const) {
      it(`an unverified ${name}'s party: 409 PARTY_NOT_VERIFIED, nothing created`, async () => {
        const before = await snapshot(t);
        const res = await create(who(), body({ tendereePartyId: world.tenderee.partyId! }));
        assert.equal(res.status, 409, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'PARTY_NOT_VERIFIED');
        await assertUnchanged(before);
      });
    }

    it('custodians who are not key custodians are saved in the draft and listed as violations', async () => {
      const res = await create(
        world.tenderee,
        body({
          custodians: {
            userIds: [world.custodians[0]!.userId, world.bidder.userId, world.supervisor.userId],
            threshold: 2,
          },
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(
        (res.body.violations as { code: string; field: string }[]).map((v) => [v.code, v.field]),
        [
          ['CUSTODIANS_INVALID', 'custodians.userIds.1'],
          ['CUSTODIANS_INVALID', 'custodians.userIds.2'],
        ],
      );
    });

    it('a custodian id that names no user is refused with 422 on that field, not a server error', async () => {
      const ghost = randomUUID();
      const before = await t.platform.models.Tender.count();
      const res = await create(
        world.tenderee,
        body({
          custodians: {
            userIds: [...world.custodians.slice(0, 2).map((c) => c.userId), ghost],
            threshold: 2,
          },
        }),
      );
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(
        (res.body.error.details as { code: string; path: string }[]).map((d) => [d.code, d.path]),
        [['UNKNOWN_USER', 'custodians.userIds.2']],
      );
      assert.equal(await t.platform.models.Tender.count(), before);
    });

    it('a custodian named twice is refused with 422, not silently dropped', async () => {
      const [a, b] = world.custodians as [TestUser, TestUser, TestUser];
      const res = await create(
        world.tenderee,
        body({ custodians: { userIds: [a.userId, a.userId, b.userId], threshold: 2 } }),
      );
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.details[0].path, 'custodians.userIds');
    });

    const badInputs: [name: string, mutate: (b: Body) => void, paths: string[]][] = [
      ['no title', (b) => void delete (b as Partial<Body>).title, ['title']],
      ['a one-character project name', (b) => void (b.projectName = '路'), ['projectName']],
      ['no schedule', (b) => void delete (b as Partial<Body>).schedule, ['schedule']],
      [
        'no bid deadline',
        (b) => void delete (b.schedule as Partial<Body['schedule']>).bidDeadline,
        ['schedule.bidDeadline'],
      ],
      ['no sections', (b) => void (b.sections = []), ['sections']],
      [
        'a section without its estimate',
        (b) => void delete (b.sections[0] as { estimatedPriceFen?: number }).estimatedPriceFen,
        ['sections.0.estimatedPriceFen'],
      ],
      ['a negative deposit (fen)', (b) => void (b.sections[0]!.depositFen = -1), ['sections.0.depositFen']],
      [
        'a negative maximum price',
        (b) => void (b.sections[0]!.maxPriceFen = -100),
        ['sections.0.maxPriceFen'],
      ],
      [
        'a fraction of a fen',
        (b) => void (b.sections[0]!.estimatedPriceFen = 900_000_00.5),
        ['sections.0.estimatedPriceFen'],
      ],
      [
        'fen as a string',
        (b) => void ((b.sections[0] as Record<string, unknown>).depositFen = '1350000'),
        ['sections.0.depositFen'],
      ],
      [
        'fen beyond the safe integers',
        (b) => void (b.sections[0]!.maxPriceFen = 2 ** 53),
        ['sections.0.maxPriceFen'],
      ],
      [
        'an impossible date',
        (b) => void ((b.schedule as Record<string, unknown>).documentsFrom = '2026-02-30T00:00:00Z'),
        ['schedule.documentsFrom'],
      ],
      [
        'a date without a time zone',
        (b) => void ((b.schedule as Record<string, unknown>).bidDeadline = '2026-02-01T09:00:00'),
        ['schedule.bidDeadline'],
      ],
      [
        'a date that is not a date',
        (b) => void ((b.schedule as Record<string, unknown>).documentsTo = 'next Friday'),
        ['schedule.documentsTo'],
      ],
      [
        'a date as a number',
        (b) => void ((b.schedule as Record<string, unknown>).clarificationDeadline = 1767600000000),
        ['schedule.clarificationDeadline'],
      ],
      ['an unknown category', (b) => void (b.category = 'F'), ['category']],
      ['a lower-case category', (b) => void (b.category = 'a'), ['category']],
      ['an unknown procurement method', (b) => void (b.procurementMethod = '3'), ['procurementMethod']],
      ['a five-digit region', (b) => void (b.regionCode = '45010'), ['regionCode']],
      [
        'an unknown evaluation method',
        (b) => void (b.evaluationMethod = 'lowest-price'),
        ['evaluationMethod'],
      ],
      ['no evaluation criteria', (b) => void (b.evaluationCriteria = []), ['evaluationCriteria']],
      [
        'a bid-form key that is not camelCase',
        (b) => void (b.bidFormFields[0]!.key = 'Duration Days'),
        ['bidFormFields.0.key'],
      ],
      [
        'a custodian id that is not a uuid',
        (b) => void (b.custodians.userIds[1] = 'custodian-2'),
        ['custodians.userIds.1'],
      ],
      ['a threshold of zero', (b) => void (b.custodians.threshold = 0), ['custodians.threshold']],
      ['a fractional threshold', (b) => void (b.custodians.threshold = 2.5), ['custodians.threshold']],
      ['a bid validity of zero days', (b) => void (b.bidValidityDays = 0), ['bidValidityDays']],
      [
        'several problems at once, each named',
        (b) => {
          b.category = 'Z';
          b.sections[0]!.depositFen = -5;
          (b.schedule as Record<string, unknown>).bidDeadline = 'soon';
        },
        ['category', 'schedule.bidDeadline', 'sections.0.depositFen'],
      ],
    ];
    for (const [name, mutate, expected] of badInputs) {
      it(`bad input, ${name}: 422 VALIDATION_FAILED naming ${expected.join(', ')}; nothing created`, async () => {
        const bad = structuredClone(body());
        mutate(bad);
        const before = await snapshot(t);
        const res = await create(world.tenderee, bad);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.deepEqual([...new Set(paths(res))], expected);
        await assertUnchanged(before);
      });
    }
  });

  describe('replacing a draft (PUT)', () => {
    it('replaces the fields, sections and custodians; section codes follow the new positions', async () => {
      const [c1, c2, c3] = world.custodians as [TestUser, TestUser, TestUser];
      const original = await draft({
        sections: [
          { name: '一标段', maxPriceFen: 100_00, estimatedPriceFen: 90_00, depositFen: 1_00 },
          { name: '二标段', maxPriceFen: 200_00, estimatedPriceFen: 190_00, depositFen: 2_00 },
        ],
      });
      const oldSectionIds = original.sections.map((s) => s.id);
      const before = await snapshot(t);
      const res = await replace(
        world.tenderee,
        original.id,
        body({
          title: '五象新区道路改造工程施工招标（重新编制）',
          category: 'B',
          sections: [
            { name: '甲', maxPriceFen: 300_00, estimatedPriceFen: 290_00, depositFen: 5_00 },
            { name: '乙', maxPriceFen: 400_00, estimatedPriceFen: 390_00, depositFen: 7_00 },
            { name: '丙', maxPriceFen: 500_00, estimatedPriceFen: 490_00, depositFen: 9_00 },
          ],
          custodians: { userIds: [c3.userId, c1.userId, c2.userId], threshold: 3 },
        }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const tender = res.body.tender as TenderView;
      assert.deepEqual(res.body.violations, []);
      assert.equal(tender.title, '五象新区道路改造工程施工招标（重新编制）');
      assert.equal(tender.category, 'B');
      assert.equal(tender.code, original.code, 'the code is fixed at creation');
      assert.equal(tender.projectCode, original.projectCode);
      assert.deepEqual(
        tender.sections.map((s) => [s.code, s.name, s.maxPriceFen]),
        [
          [`${original.code}001`, '甲', 300_00],
          [`${original.code}002`, '乙', 400_00],
          [`${original.code}003`, '丙', 500_00],
        ],
      );
      assert.ok(
        tender.sections.every((s) => !oldSectionIds.includes(s.id)),
        'sections are replaced whole',
      );
      assert.deepEqual(
        tender.custodians.members.map((m) => [m.position, m.userId]),
        [
          [1, c3.userId],
          [2, c1.userId],
          [3, c2.userId],
        ],
      );
      assert.equal(tender.custodians.threshold, 3);
      const rows = await t.platform.models.TenderSection.findAll({ where: { tenderId: original.id } });
      assert.equal(rows.length, 3);
      const after = await snapshot(t);
      assert.deepEqual(
        [after.tenders, after.sections, after.custodians, after.auditSeq, after.sequences],
        [before.tenders, before.sections + 1, before.custodians, before.auditSeq + 1, before.sequences],
      );
      assert.deepEqual(
        (await auditTrail(t, original.id)).map((e) => e.action),
        ['tender.create', 'tender.update'],
      );
      assert.deepEqual((await get(world.tenderee, original.id).expect(200)).body, tender);
    });

    it('a shorter list of sections leaves only those; the answer lists what the new content breaks', async () => {
      const original = await draft({
        sections: [
          { name: '一标段', maxPriceFen: 100_00, estimatedPriceFen: 90_00, depositFen: 1_00 },
          { name: '二标段', maxPriceFen: 200_00, estimatedPriceFen: 190_00, depositFen: 2_00 },
        ],
      });
      const res = await replace(
        world.tenderee,
        original.id,
        body({
          sections: [{ name: '唯一标段', maxPriceFen: 100_00, estimatedPriceFen: 100_00, depositFen: 2_01 }],
        }),
      ).expect(200);
      assert.deepEqual(
        (res.body.tender as TenderView).sections.map((s) => s.code),
        [`${original.code}001`],
      );
      assert.equal(await t.platform.models.TenderSection.count({ where: { tenderId: original.id } }), 1);
      assert.deepEqual(
        (res.body.violations as { code: string; field: string }[]).map((v) => [v.code, v.field]),
        [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
      );
    });

    it('bad input leaves the draft as it was: 422 and nothing changed', async () => {
      const original = await draft();
      const bad = body();
      bad.sections[0]!.depositFen = -1;
      const before = await snapshot(t);
      const res = await replace(world.tenderee, original.id, bad);
      assert.equal(res.status, 422);
      assert.deepEqual(paths(res), ['sections.0.depositFen']);
      await assertUnchanged(before);
      assert.deepEqual((await get(world.tenderee, original.id).expect(200)).body, original);
    });

    it('the appointed agency may replace the draft, naming the same tenderee', async () => {
      const original = await draft({ agencyPartyId: world.agency.partyId });
      const res = await replace(
        world.agency,
        original.id,
        body({ tendereePartyId: world.tenderee.partyId!, title: '代理机构修改后的标题' }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.tender.title, '代理机构修改后的标题');
      assert.equal(res.body.tender.tenderee.id, world.tenderee.partyId);
      assert.equal(res.body.tender.agency.id, world.agency.partyId);
    });

    it("the appointed agency cannot hand the tenderee's draft over to another tenderee", async () => {
      const original = await draft({ agencyPartyId: world.agency.partyId });
      const before = await snapshot(t);
      const res = await replace(world.agency, original.id, body({ tendereePartyId: otherTenderee.partyId! }));
      assert.ok(
        [403, 409, 422].includes(res.status),
        `refused, got ${res.status} ${JSON.stringify(res.body)}`,
      );
      await assertUnchanged(before);
      const still = await get(world.tenderee, original.id).expect(200);
      assert.equal(still.body.tenderee.id, world.tenderee.partyId);
      await get(otherTenderee, original.id).expect(404);
    });

    it('PUT on a published tender: 409 TENDER_NOT_DRAFT, nothing changed', async () => {
      const published = await publishedTender(t, world);
      const before = await snapshot(t);
      const res = await replace(world.tenderee, published.id, body({ title: '发布后改标题' }));
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'TENDER_NOT_DRAFT');
      await assertUnchanged(before);
      assert.deepEqual((await get(null, published.id).expect(200)).body, published);
    });

    it('PUT on a cancelled tender: 409 TENDER_NOT_DRAFT', async () => {
      const tender = await draft();
      await cancel(world.tenderee, tender.id).expect(200);
      const res = await replace(world.tenderee, tender.id, body());
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'TENDER_NOT_DRAFT');
    });

    it("PUT on another tenderee's draft: 404, nothing changed", async () => {
      const tender = await draft();
      const before = await snapshot(t);
      const res = await replace(otherTenderee, tender.id, body());
      assert.equal(res.status, 404, JSON.stringify(res.body));
      await assertUnchanged(before);
    });
  });

  describe('checking a tender against the rules', () => {
    it('lists nothing for a valid draft and changes nothing', async () => {
      const tender = await draft();
      const before = await snapshot(t);
      const res = await check(world.tenderee, tender.id).expect(200);
      assert.deepEqual(res.body, { ok: true, violations: [] });
      await assertUnchanged(before);
    });

    it('checks at the time of the check: six days later the periods are too short', async () => {
      const tender = await draft();
      t.clock.advance(6 * DAY);
      const res = await check(world.tenderee, tender.id).expect(200);
      assert.equal(res.body.ok, false);
      assert.deepEqual(
        (res.body.violations as { code: string; field: string; params: unknown }[]).map((v) => [
          v.code,
          v.field,
          v.params,
        ]),
        [
          ['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline', { minDays: 20, actualDays: 19 }],
          ['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo', { minDays: 5, actualDays: 1 }],
        ],
      );
    });

    it('sees a custodian lose their certificate', async () => {
      const lonely = await createStaff(t, 'custodian', 'custodian-without-certificate');
      const tender = await draft({
        custodians: {
          userIds: [world.custodians[0]!.userId, lonely.userId, world.custodians[1]!.userId],
          threshold: 2,
        },
      });
      const res = await check(world.supervisor, tender.id).expect(200);
      assert.deepEqual(
        (res.body.violations as { code: string; field: string; message: string }[]).map((v) => [
          v.code,
          v.field,
        ]),
        [['CUSTODIANS_INVALID', 'custodians.userIds.1']],
      );
      assert.match(res.body.violations[0].message, /certificate/);
    });
  });

  describe('publishing', () => {
    it('refuses a draft that breaks rules: 422 RULE_VIOLATION listing each broken rule; nothing changes', async () => {
      const lonely = await createStaff(t, 'custodian', 'custodian-no-cert-2');
      const tender = await draft({
        schedule: {
          documentsFrom: t.clock.now(),
          documentsTo: new Date(t.clock.now().getTime() + 4 * DAY),
          clarificationDeadline: new Date(t.clock.now().getTime() + 19 * DAY),
          bidDeadline: new Date(t.clock.now().getTime() + 19 * DAY),
        },
        sections: [
          { name: '一标段', maxPriceFen: null, estimatedPriceFen: 100_00, depositFen: 3_00 },
          { name: '二标段', maxPriceFen: 100_00, estimatedPriceFen: 100_01, depositFen: 0 },
        ],
        custodians: {
          userIds: [world.custodians[0]!.userId, world.custodians[1]!.userId, lonely.userId],
          threshold: 2,
        },
      });
      const events = collect('tender.published');
      const before = await snapshot(t);
      const res = await publish(world.tenderee, tender.id);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'RULE_VIOLATION');
      assert.deepEqual(
        (res.body.error.details as { code: string; field: string }[]).map((d) => [d.code, d.field]),
        [
          ['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline'],
          ['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline'],
          ['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo'],
          ['MAX_PRICE_MISSING', 'sections.0.maxPriceFen'],
          ['ESTIMATE_ABOVE_MAX_PRICE', 'sections.1.estimatedPriceFen'],
          ['DEPOSIT_OVER_CAP', 'sections.0.depositFen'],
          ['CUSTODIANS_INVALID', 'custodians.userIds.2'],
        ],
      );
      await assertUnchanged(before);
      const view = (await get(world.tenderee, tender.id).expect(200)).body as TenderView;
      assert.equal(view.status, 'draft');
      assert.equal(view.publishedAt, null);
      assert.ok(
        view.custodians.members.every((m) => m.certificateSerial === null && m.certificatePem === null),
      );
      await get(null, tender.id).expect(404);
      assert.deepEqual(events, []);
    });

    it('refuses a draft that was valid when saved but no longer is at publication', async () => {
      const tender = await draft();
      t.clock.advance(5 * DAY + 1);
      const before = await snapshot(t);
      const res = await publish(world.tenderee, tender.id);
      assert.equal(res.status, 422);
      // 20 days minus 1 ms left to the deadline, 2 days left of the documents' 7.
      assert.deepEqual(errorCodes(res), ['DOCUMENTS_PERIOD_TOO_SHORT', 'TENDER_PERIOD_TOO_SHORT']);
      await assertUnchanged(before);
    });

    it("publishes a valid draft and freezes each custodian's current certificate (serial and PEM)", async () => {
      const tender = await draft();
      const events = collect('tender.published');
      const before = await snapshot(t);
      t.clock.advance(90_000);
      const res = await publish(world.tenderee, tender.id);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const view = res.body as TenderView;
      assert.equal(view.status, 'published');
      assert.equal(view.publishedAt, t.clock.now().toISOString());
      for (const [i, c] of world.custodians.entries()) {
        const cert = await t.platform.certificates.activeCertificate(c.userId, t.clock.now());
        assert.ok(cert);
        assert.equal(view.custodians.members[i]!.userId, c.userId);
        assert.equal(view.custodians.members[i]!.certificateSerial, cert.serial);
        assert.equal(view.custodians.members[i]!.certificatePem, cert.pem);
        assert.match(cert.pem, /^-----BEGIN CERTIFICATE-----/);
      }
      const after = await snapshot(t);
      assert.equal(after.auditSeq, before.auditSeq + 1);
      const trail = await auditTrail(t, tender.id);
      assert.deepEqual(trail.at(-1), {
        action: 'tender.publish',
        actorUserId: world.tenderee.userId,
        data: { from: 'draft', to: 'published' },
      });
      assert.deepEqual(events, [{ tenderId: tender.id, code: tender.code, at: t.clock.now().toISOString() }]);
      assert.deepEqual((await get(null, tender.id).expect(200)).body, view, 'the public sees it now');
    });

    it("revoking a custodian's certificate after publication does not change the published tender", async () => {
      const published = (await publishedTender(t, world)) as TenderView;
      const holder = world.custodians[0]!;
      const serial = published.custodians.members[0]!.certificateSerial!;
      await request(t.app)
        .post(`/api/v1/certificates/${serial}/revocation`)
        .set(bearer(holder.token))
        .send({ reason: '密钥介质遗失' })
        .expect(200);
      assert.equal(await t.platform.certificates.activeCertificate(holder.userId, t.clock.now()), null);
      // A new certificate for the same custodian does not change it either.
      await request(t.app)
        .post('/api/v1/certificates')
        .set(bearer(holder.token))
        .send({ csrPem: userKeyAndCsr().csrPem })
        .expect(201);
      const fresh = await t.platform.certificates.activeCertificate(holder.userId, t.clock.now());
      assert.notEqual(fresh!.serial, serial);
      const now = (await get(null, published.id).expect(200)).body as TenderView;
      assert.deepEqual(now.custodians, published.custodians);
      assert.equal(now.custodians.members[0]!.certificateSerial, serial);
    });

    it('publishing twice: 409 INVALID_TRANSITION, nothing changes, no second event', async () => {
      const published = (await publishedTender(t, world)) as TenderView;
      const events = collect('tender.published');
      const before = await snapshot(t);
      const res = await publish(world.tenderee, published.id);
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'INVALID_TRANSITION');
      await assertUnchanged(before);
      assert.deepEqual((await get(null, published.id).expect(200)).body, published);
      assert.deepEqual(events, []);
    });

    it('a cancelled draft cannot be published: 409 INVALID_TRANSITION', async () => {
      const tender = await draft();
      await cancel(world.tenderee, tender.id).expect(200);
      const res = await publish(world.tenderee, tender.id);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'INVALID_TRANSITION');
    });

    it('the appointed agency may publish', async () => {
      const tender = await draft({ agencyPartyId: world.agency.partyId });
      const res = await publish(world.agency, tender.id).expect(200);
      assert.equal(res.body.status, 'published');
      assert.equal((await auditTrail(t, tender.id)).at(-1)!.actorUserId, world.agency.userId);
    });

    it('events are delivered only after the commit: a failing in-transaction handler publishes nothing', async () => {
      const tender = await draft();
      const seen: string[] = [];
      off.push(
        t.platform.events.on('tender.published', async ({ tenderId }) => {
          // Another connection must already see the change when the event arrives.
          seen.push((await t.platform.models.Tender.findByPk(tenderId))!.status);
        }),
      );
      off.push(
        t.platform.events.within('tender.published', async () => {
          throw new Error('notice generation failed');
        }),
      );
      const before = await snapshot(t);
      const res = await publish(world.tenderee, tender.id);
      assert.equal(res.status, 500);
      await assertUnchanged(before);
      assert.equal((await t.platform.models.Tender.findByPk(tender.id))!.status, 'draft');
      off.pop()!(); // the failing handler goes
      await publish(world.tenderee, tender.id).expect(200);
      await eventually('the event is delivered', () => seen.length > 0);
      assert.deepEqual(seen, ['published']);
    });
  });

  describe('cancelling', () => {
    for (const [name, payload] of [
      ['no body', {}],
      ['an empty reason', { reason: '' }],
      ['a reason of spaces', { reason: '     ' }],
      ['a one-character reason', { reason: '停' }],
    ] as const) {
      it(`${name}: 422 RULE_VIOLATION with CANCELLATION_REASON_REQUIRED, nothing changes`, async () => {
        const published = (await publishedTender(t, world)) as TenderView;
        const events = collect('tender.cancelled');
        const before = await snapshot(t);
        const res = await cancel(world.tenderee, published.id, payload);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'RULE_VIOLATION');
        assert.deepEqual(
          (res.body.error.details as { code: string; field: string }[]).map((d) => [d.code, d.field]),
          [['CANCELLATION_REASON_REQUIRED', 'reason']],
        );
        await assertUnchanged(before);
        assert.equal((await get(null, published.id).expect(200)).body.status, 'published');
        assert.deepEqual(events, []);
      });
    }

    it('a reason over 500 characters: 422 VALIDATION_FAILED on reason', async () => {
      const published = (await publishedTender(t, world)) as TenderView;
      const before = await snapshot(t);
      const res = await cancel(world.tenderee, published.id, { reason: '因'.repeat(501) });
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.deepEqual(paths(res), ['reason']);
      await assertUnchanged(before);
    });

    it('with a reason: cancelled, the reason published and audited; cancelling again: 409', async () => {
      const published = (await publishedTender(t, world)) as TenderView;
      const events = collect('tender.cancelled');
      t.clock.advance(3_600_000);
      const res = await cancel(world.tenderee, published.id, { reason: '  项目资金未落实，终止招标。  ' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'cancelled');
      assert.equal(res.body.cancellationReason, '项目资金未落实，终止招标。');
      assert.equal(res.body.cancelledAt, t.clock.now().toISOString());
      assert.deepEqual((await get(null, published.id).expect(200)).body, res.body);
      assert.deepEqual((await auditTrail(t, published.id)).at(-1), {
        action: 'tender.cancel',
        actorUserId: world.tenderee.userId,
        data: { from: 'published', to: 'cancelled', reason: '项目资金未落实，终止招标。' },
      });
      assert.deepEqual(events, [
        {
          tenderId: published.id,
          code: published.code,
          at: t.clock.now().toISOString(),
          reason: '项目资金未落实，终止招标。',
        },
      ]);

      const before = await snapshot(t);
      const again = await cancel(world.tenderee, published.id, { reason: '再次撤销' });
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.error.code, 'INVALID_TRANSITION');
      await assertUnchanged(before);
      assert.equal(
        (await get(null, published.id).expect(200)).body.cancellationReason,
        '项目资金未落实，终止招标。',
      );
      assert.equal(events.length, 1);
    });

    it('a draft can be cancelled too', async () => {
      const tender = await draft();
      const res = await cancel(world.tenderee, tender.id, { reason: '不再招标' }).expect(200);
      assert.equal(res.body.status, 'cancelled');
      assert.deepEqual(
        (await auditTrail(t, tender.id)).map((e) => [e.action, e.data.from]),
        [
          ['tender.create', undefined],
          ['tender.cancel', 'draft'],
        ],
      );
    });
  });

  describe('who sees what', () => {
    it('a draft is 404 to the public and to other parties, visible to those who run it and to oversight', async () => {
      const tender = await draft({ agencyPartyId: world.agency.partyId });
      for (const who of [null, otherTenderee, otherAgency, world.bidder]) {
        const res = await get(who, tender.id);
        assert.equal(res.status, 404, `${who?.role ?? 'anonymous'}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
      for (const who of [world.tenderee, world.agency, world.supervisor]) {
        const res = await get(who, tender.id);
        assert.equal(res.status, 200, who.role);
        assert.equal(res.body.id, tender.id);
      }
    });

    it('a hidden draft answers exactly like a tender that does not exist', async () => {
      const tender = await draft();
      const hidden = await get(otherTenderee, tender.id).expect(404);
      const missing = await get(otherTenderee, randomUUID()).expect(404);
      assert.equal(hidden.body.error.message, missing.body.error.message);
    });

    it('a published tender is public', async () => {
      const published = (await publishedTender(t, world)) as TenderView;
      for (const who of [null, otherTenderee, world.bidder]) {
        const res = await get(who, published.id).expect(200);
        assert.deepEqual(res.body, published);
      }
    });

    it('the list holds the tenders a party runs; oversight sees them all', async () => {
      const own = await draft();
      const agencyRun = await draft({ tendereePartyId: otherTenderee.partyId! }, world.agency);
      const listed = async (who: TestUser) =>
        (
          (await request(t.app).get('/api/v1/tenders?limit=200').set(bearer(who.token)).expect(200)).body
            .items as TenderView[]
        ).map((i) => i.id);
      assert.ok((await listed(world.tenderee)).includes(own.id));
      assert.ok(!(await listed(world.tenderee)).includes(agencyRun.id));
      assert.ok((await listed(otherTenderee)).includes(agencyRun.id));
      assert.ok(!(await listed(otherTenderee)).includes(own.id));
      assert.ok((await listed(world.agency)).includes(agencyRun.id));
      assert.ok(!(await listed(world.agency)).includes(own.id));
      const all = await listed(world.supervisor);
      assert.ok(all.includes(own.id) && all.includes(agencyRun.id));
      assert.equal(all.length, await t.platform.models.Tender.count());
    });
  });

  it('the audit chain stays intact after everything above', async () => {
    const verdict = await verifyAuditChain(
      t.platform.models,
      t.platform.keys.signer.certPem,
      t.platform.config.AUDIT_CHECKPOINT_EVERY,
    );
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
  });
});

describe('tenders: bidding closes at the bid deadline (ZB Art.34)', () => {
  let t: TestPlatform;
  let world: TenderWorld;
  const { publish, cancel } = helpers(() => t);
  const closed: Record<string, unknown>[] = [];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    t.clock.set(START);
    world = await tenderWorld(t);
    t.platform.events.on('tender.bidding-closed', (payload) => void closed.push({ ...payload }));
  });
  after(() => t.close());

  const statusOf = async (id: string) => (await t.platform.models.Tender.findByPk(id))!.status;

  it('1 ms before the deadline closes nothing; at the deadline it closes; again it closes nothing', async () => {
    const published = (await publishedTender(t, world)) as TenderView;
    const deadline = new Date(published.schedule.bidDeadline);
    const before = Number((await t.platform.models.AuditHead.findByPk(1))!.seq);

    t.clock.set(new Date(deadline.getTime() - 1));
    assert.equal(await t.platform.tenders.closeDueBidding(), 0);
    assert.equal(await statusOf(published.id), 'published');
    assert.equal(Number((await t.platform.models.AuditHead.findByPk(1))!.seq), before);

    t.clock.set(deadline);
    assert.equal(await t.platform.tenders.closeDueBidding(), 1);
    assert.equal(await statusOf(published.id), 'bidding-closed');
    await eventually('the bidding-closed event', () => closed.length > 0);
    assert.deepEqual(closed, [{ tenderId: published.id, code: published.code, at: deadline.toISOString() }]);
    const entry = await t.platform.models.AuditEntry.findOne({ order: [['seq', 'DESC']] });
    assert.deepEqual(
      [entry!.action, entry!.subject, entry!.actorUserId, entry!.ip],
      ['tender.closeBidding', `tender:${published.id}`, null, 'system'],
    );
    assert.deepEqual(JSON.parse(entry!.data), { from: 'published', to: 'bidding-closed' });
    assert.equal(Number((await t.platform.models.AuditHead.findByPk(1))!.seq), before + 1);

    t.clock.advance(DAY);
    assert.equal(await t.platform.tenders.closeDueBidding(), 0);
    assert.equal(Number((await t.platform.models.AuditHead.findByPk(1))!.seq), before + 1);
    assert.equal(closed.length, 1);
    const view = await request(t.app).get(`/api/v1/tenders/${published.id}`).expect(200);
    assert.equal(view.body.status, 'bidding-closed');
  });

  it('closes every due tender, but never drafts, suspended or cancelled ones', async () => {
    t.clock.set(START);
    closed.length = 0;
    const a = (await publishedTender(t, world)) as TenderView;
    const b = (await publishedTender(t, world)) as TenderView;
    const cancelled = (await publishedTender(t, world)) as TenderView;
    await cancel(world.tenderee, cancelled.id).expect(200);
    const suspended = (await publishedTender(t, world)) as TenderView;
    await t.platform.db.transaction(async (tx) => {
      const row = (await t.platform.models.Tender.findByPk(suspended.id, { transaction: tx }))!;
      await t.platform.tenders.transition(tx, { actor: null, ip: 'test', requestId: 'test' }, row, 'suspend');
    });
    const created = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(world.tenderee.token))
      .send(validTender(world, t.clock.now()))
      .expect(201);
    const draftId = created.body.tender.id as string;
    const later = (await publishedTender(t, world, {
      schedule: {
        documentsFrom: t.clock.now(),
        documentsTo: new Date(t.clock.now().getTime() + 7 * DAY),
        clarificationDeadline: new Date(t.clock.now().getTime() + 10 * DAY),
        bidDeadline: new Date(t.clock.now().getTime() + 26 * DAY),
      },
    })) as TenderView;

    t.clock.advance(25 * DAY);
    assert.equal(await t.platform.tenders.closeDueBidding(), 2);
    assert.deepEqual(
      await Promise.all(
        [a, b, cancelled, suspended, later].map((x) => statusOf(x.id)).concat(statusOf(draftId)),
      ),
      ['bidding-closed', 'bidding-closed', 'cancelled', 'suspended', 'published', 'draft'],
    );
    await eventually('both bidding-closed events', () => closed.length >= 2);
    assert.deepEqual(closed.map((e) => e.tenderId).sort(), [a.id, b.id].sort());

    // Publishing is refused once the deadline has passed, so a late draft never reaches bidding.
    const res = await publish(world.tenderee, draftId);
    assert.equal(res.status, 422);

    t.clock.advance(DAY);
    assert.equal(await t.platform.tenders.closeDueBidding(), 1);
    assert.equal(await statusOf(later.id), 'bidding-closed');
  });
});
