import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { EvaluationPlan } from '../src/modules/tenders/index.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

/**
 * The evaluation plan is part of the tender (docs/domain.md §4-§5): chosen per section in the draft, checked
 * by its rules, published with the tender and frozen, shown in the notice and in OCDS.
 */
const TEN_MILLION_CNY = 10_000_000_00;

/** 综合评估法 on the benchmark average, a GP committee of seven: five experts and two representatives. */
const rated: EvaluationPlan = {
  method: 'comprehensive',
  criteria: [
    { key: 'qualification', name: '资格审查', kind: 'pass-fail', group: 'qualification', points: 0 },
    { key: 'plan', name: '施工组织设计', kind: 'subjective', group: 'technical', points: 25.5 },
    { key: 'team', name: '项目管理机构', kind: 'objective', group: 'commercial', points: 14.5 },
    { key: 'price', name: '投标报价', kind: 'objective', group: 'price', points: 60 },
  ],
  priceFormula: { base: 'benchmark-average', pointsPerPercentAbove: 1, pointsPerPercentBelow: 0.5 },
  committee: { size: 7, experts: 5, representatives: 2 },
  governmentProcurement: true,
  deviationPercent: 25,
  abnormallyLowPercent: 15,
  durationMinutes: 300,
};
const lowestPrice: EvaluationPlan = {
  method: 'lowest-evaluated-price',
  criteria: [
    { key: 'licence', name: '资质条件', kind: 'pass-fail', group: 'qualification', points: 0 },
    { key: 'price', name: '投标报价', kind: 'objective', group: 'price', points: 0 },
  ],
  priceFormula: { base: 'lowest-price' },
  committee: { size: 5, experts: 4, representatives: 1 },
  governmentProcurement: false,
  deviationPercent: 20,
  abnormallyLowPercent: 20,
  durationMinutes: 240,
};
const big = { maxPriceFen: 13_000_000_00, estimatedPriceFen: TEN_MILLION_CNY, depositFen: 0 };
const small = { maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 };

describe('tenders: the evaluation plan of each section, part of the tender', () => {
  let t: TestPlatform;
  let w: TenderWorld;
  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720', PUBLIC_URL: 'https://ygjy.example.cn' });
    w = await tenderWorld(t);
  });
  after(() => t.close());

  const as = (r: request.Test) => r.set(bearer(w.tenderee.token));
  const create = (overrides: Parameters<typeof validTender>[2]) =>
    as(
      request(t.app)
        .post('/api/v1/tenders')
        .send(validTender(w, t.clock.now(), overrides)),
    );
  const publish = (id: string) => as(request(t.app).post(`/api/v1/tenders/${id}/publication`));
  const view = async (id: string) =>
    (await as(request(t.app).get(`/api/v1/tenders/${id}`)).expect(200)).body as TenderView;
  const counts = async () => {
    const m = t.platform.models;
    return {
      audit: Number((await m.AuditHead.findByPk(1))!.seq),
      sections: await m.TenderSection.count(),
      tenders: await m.Tender.count(),
    };
  };

  it('round-trips through draft and publication, is frozen after, and is what the evaluation reads', async () => {
    const created = await create({
      sections: [
        { name: '一标段', ...big, evaluationPlan: rated },
        { name: '二标段', ...small, evaluationPlan: lowestPrice },
      ],
    }).expect(201);
    assert.deepEqual(created.body.violations, []);
    const id = created.body.tender.id as string;
    assert.deepEqual(
      (created.body.tender as TenderView).sections.map((s) => s.evaluationPlan),
      [rated, lowestPrice],
    );
    await publish(id).expect(200);
    const published = await view(id);
    assert.equal(published.status, 'published');
    assert.deepEqual(
      published.sections.map((s) => s.evaluationPlan),
      [rated, lowestPrice],
    );
    // The evaluation module reads a section's plan through the tenders service.
    const [first, second] = published.sections;
    assert.deepEqual(await t.platform.tenders.evaluationPlan(id, first!.id), rated);
    assert.deepEqual(await t.platform.tenders.evaluationPlan(id, second!.id), lowestPrice);
    await assert.rejects(t.platform.tenders.evaluationPlan(id, randomUUID()), /not found/);

    // Frozen like the rest of the tender: a published tender's draft cannot be replaced.
    const changed = { ...rated, committee: { size: 9, experts: 6, representatives: 3 } };
    const put = await as(
      request(t.app)
        .put(`/api/v1/tenders/${id}`)
        .send(
          validTender(w, t.clock.now(), { sections: [{ name: '一标段', ...big, evaluationPlan: changed }] }),
        ),
    );
    assert.equal(put.status, 409);
    assert.equal(put.body.error.code, 'TENDER_NOT_DRAFT');
    assert.deepEqual(
      (await view(id)).sections.map((s) => s.evaluationPlan),
      [rated, lowestPrice],
    );
  });

  it('a section without a plan gets one derived from the tender’s method and criteria, defaults filled', async () => {
    const created = await create({
      sections: [{ name: '一标段', ...small }],
    }).expect(201);
    const plan = (created.body.tender as TenderView).sections[0]!.evaluationPlan;
    assert.deepEqual(plan, {
      method: 'comprehensive',
      criteria: [
        { key: 'qualification-1', name: '资格审查', kind: 'pass-fail', group: 'qualification', points: 0 },
        { key: 'technical-1', name: '技术方案', kind: 'subjective', group: 'technical', points: 40 },
        { key: 'price', name: '投标报价', kind: 'objective', group: 'price', points: 60 },
      ],
      priceFormula: { base: 'lowest-price' },
      committee: { size: 5, experts: 5, representatives: 0 },
      governmentProcurement: false,
      deviationPercent: 20,
      abnormallyLowPercent: 20,
      durationMinutes: 240,
    });
    // A plan sent without its defaulted fields gets them.
    const { priceFormula, deviationPercent, abnormallyLowPercent, durationMinutes, ...bare } = lowestPrice;
    void [priceFormula, deviationPercent, abnormallyLowPercent, durationMinutes];
    const sparse = await as(
      request(t.app)
        .post('/api/v1/tenders')
        .send({
          ...validTender(w, t.clock.now()),
          sections: [{ name: '一标段', ...small, evaluationPlan: bare }],
        }),
    ).expect(201);
    assert.deepEqual((sparse.body.tender as TenderView).sections[0]!.evaluationPlan, lowestPrice);
  });

  it('keeps a plan that breaks the rules in the draft, names each rule, and refuses to publish it', async () => {
    const wrong: EvaluationPlan = {
      ...rated,
      criteria: [
        rated.criteria[0]!,
        { ...rated.criteria[1]!, points: 25.555 },
        { ...rated.criteria[2]!, key: 'plan' },
        rated.criteria[3]!,
      ],
      committee: { size: 6, experts: 3, representatives: 3 },
    };
    const created = await create({
      sections: [
        { name: '一标段', ...small, evaluationPlan: lowestPrice },
        { name: '二标段', ...big, evaluationPlan: wrong },
      ],
    }).expect(201);
    const at = 'sections.1.evaluationPlan';
    const expected = [
      ['COMMITTEE_SIZE_INVALID', `${at}.committee.size`],
      ['COMMITTEE_EXPERTS_TOO_FEW', `${at}.committee.experts`],
      ['COMMITTEE_REPRESENTATIVES_TOO_MANY', `${at}.committee.representatives`],
      ['GP_COMMITTEE_TOO_SMALL', `${at}.committee.size`],
      ['CRITERIA_POINTS_PRECISION', `${at}.criteria.1.points`],
      ['CRITERIA_KEY_DUPLICATE', `${at}.criteria.2.key`],
      ['CRITERIA_POINTS_SUM', `${at}.criteria`],
    ];
    const pairs = (list: { code: string; field: string }[]) => list.map((v) => [v.code, v.field]);
    assert.deepEqual(pairs(created.body.violations), expected);
    const id = created.body.tender.id as string;
    const before = await counts();
    const res = await publish(id);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'RULE_VIOLATION');
    assert.deepEqual(pairs(res.body.error.details), expected);
    assert.deepEqual(await counts(), before, 'a refused publication changes nothing');
    assert.equal((await view(id)).status, 'draft');
  });

  it('refuses a plan of the wrong shape with 422 VALIDATION_FAILED; nothing is created', async () => {
    const before = await counts();
    for (const evaluationPlan of [
      { ...rated, method: 'lowest-price' },
      { ...rated, criteria: [{ ...rated.criteria[0]!, key: 'Bad Key' }] },
      { ...rated, criteria: [{ ...rated.criteria[0]!, kind: 'weighted' }] },
      { ...rated, criteria: [] },
      { ...rated, priceFormula: { base: 'benchmark-average', pointsPerPercentAbove: 1 } },
      { ...rated, committee: { size: 5.5, experts: 5, representatives: 0 } },
      { ...rated, criteria: [{ ...rated.criteria[1]!, points: 101 }] },
    ]) {
      const res = await as(
        request(t.app)
          .post('/api/v1/tenders')
          .send({
            ...validTender(w, t.clock.now()),
            sections: [{ name: '一标段', ...small, evaluationPlan }],
          }),
      );
      assert.equal(res.status, 422, JSON.stringify(evaluationPlan));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    assert.deepEqual(await counts(), before);
  });

  it('shows each section’s method, criteria table, price formula and committee in the notice and in OCDS', async () => {
    const created = await create({
      sections: [
        { name: '一标段', ...big, evaluationPlan: rated },
        { name: '二标段', ...small, evaluationPlan: lowestPrice },
      ],
    }).expect(201);
    const id = created.body.tender.id as string;
    await publish(id).expect(200);
    const tender = await view(id);

    const feed = await request(t.app).get('/api/v1/notices?limit=1000').expect(200);
    const summary = (feed.body.items as { id: string; tenderId: string; kind: string }[]).find(
      (n) => n.tenderId === id && n.kind === 'tender',
    )!;
    const { body } = (await request(t.app).get(`/api/v1/notices/${summary.id}`).expect(200)).body as {
      body: string;
    };
    for (const fact of [
      '四、评标办法',
      `一标段（标段编号：${tender.sections[0]!.code}）\n评标办法：综合评估法`,
      '评审因素｜评审方式｜类别｜分值',
      '1. 资格审查｜通过/不通过｜资格及符合性审查｜不计分',
      '2. 施工组织设计｜主观评分｜技术｜25.5分',
      '3. 项目管理机构｜客观评分｜商务｜14.5分',
      '4. 投标报价｜客观评分｜价格｜60分',
      '去掉一个最高报价和一个最低报价',
      '每高于评标基准价1%扣1分，每低于评标基准价1%扣0.5分',
      '本标段属政府采购项目。评标委员会由7人组成，其中技术、经济等方面的专家5人',
      '招标人代表2人',
      `二标段（标段编号：${tender.sections[1]!.code}）\n评标办法：经评审的最低投标价法`,
      '按经评审的投标价由低到高排序',
    ]) {
      assert.ok(body.includes(fact), `the notice says ${fact}\n${body}`);
    }

    const pkg = await request(t.app).get(`/api/v1/ocds/tenders/${id}/releases`).expect(200);
    const release = pkg.body.releases[0].tender as { awardCriteria: unknown; awardCriteriaDetails: string };
    // Two methods in one tender: OCDS has one code per tender, so none; the details say which lot has which.
    assert.equal(release.awardCriteria, null);
    assert.ok(release.awardCriteriaDetails.includes('评标办法：综合评估法'));
    assert.ok(release.awardCriteriaDetails.includes('评标办法：经评审的最低投标价法'));
    assert.ok(release.awardCriteriaDetails.includes('2. 施工组织设计｜主观评分｜技术｜25.5分'));
  });

  it('gives OCDS the method’s code when every section shares it', async () => {
    for (const [plan, code] of [
      [rated, 'ratedCriteria'],
      [lowestPrice, 'priceOnly'],
    ] as const) {
      const created = await create({
        sections: [
          { name: '一标段', ...big, evaluationPlan: plan },
          { name: '二标段', ...big, evaluationPlan: plan },
        ],
      }).expect(201);
      await publish(created.body.tender.id).expect(200);
      const pkg = await request(t.app).get(`/api/v1/ocds/tenders/${created.body.tender.id}/releases`);
      assert.equal(pkg.body.releases[0].tender.awardCriteria, code);
    }
  });
});
