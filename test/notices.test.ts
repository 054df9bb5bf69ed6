import assert from 'node:assert/strict';
import request from 'supertest';
import { noticeFeed, noticeView, type NoticeSummary } from '../src/modules/publication/schemas.js';
import { chinaTime } from '../src/modules/publication/format.js';
import { FeedCache } from '../src/modules/publication/feed-cache.js';
import { fenToYuan, fenToYuanGrouped } from '../src/platform/money.js';
import { bearer } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderSteps, type TenderSteps } from './helpers/tender-steps.js';
import { publishedTender, tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

const DAY = 24 * 3600_000;

describe('notices (公告): money and time as notices print them', () => {
  it('turns integer fen into 元 by moving the decimal point, never through floating point', () => {
    assert.equal(fenToYuan(0), '0.00');
    assert.equal(fenToYuan(5), '0.05');
    assert.equal(fenToYuan(-120), '-1.20');
    assert.equal(fenToYuan(123456789), '1234567.89');
    assert.equal(fenToYuan(Number.MAX_SAFE_INTEGER), '90071992547409.91');
    assert.equal(fenToYuan(10n ** 20n + 1n), '1000000000000000000.01');
    assert.equal(fenToYuanGrouped(100_000_000_00), '100,000,000.00');
    assert.equal(fenToYuanGrouped(-123456789), '-1,234,567.89');
    assert.throws(() => fenToYuan(1.5), RangeError);
  });

  it('writes instants in Beijing time, across the date line', () => {
    assert.equal(chinaTime('2026-01-30T02:00:00.000Z'), '2026年01月30日 10时00分');
    assert.equal(chinaTime('2026-12-31T16:30:00.000Z'), '2027年01月01日 00时30分');
  });
});

describe('notices (公告): the feed microcache', () => {
  let now = 0;
  const cache = (ttlMs = 1000, maxPages = 2) => new FeedCache(ttlMs, maxPages, () => now);
  beforeEach(() => (now = 0));

  it('keeps a page for its time to live and no longer', () => {
    const c = cache();
    c.store('/a', c.begin(), 'page');
    now = 1000;
    assert.equal(c.lookup('/a'), 'page');
    now = 1001;
    assert.equal(c.lookup('/a'), undefined);
  });

  it('never stores a page read before an invalidation, nor anything when turned off', () => {
    const c = cache();
    const generation = c.begin();
    c.invalidate(); // a notice change committed while the page was being read
    c.store('/a', generation, 'stale');
    assert.equal(c.lookup('/a'), undefined);
    const off = cache(0);
    off.store('/a', off.begin(), 'page');
    assert.equal(off.lookup('/a'), undefined);
  });

  it('holds a bounded number of pages, dropping the oldest', () => {
    const c = cache();
    for (const url of ['/a', '/b', '/c']) c.store(url, c.begin(), url);
    assert.deepEqual(
      ['/a', '/b', '/c'].map((u) => c.lookup(u)),
      [undefined, '/b', '/c'],
    );
  });
});

describe('notices (公告): generated from the tender, committed with it', () => {
  let t: TestPlatform;
  let w: TenderWorld;
  let steps: TenderSteps;
  let start: Date;
  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720', PUBLIC_URL: 'https://ygjy.example.cn' });
    start = t.clock.now();
    w = await tenderWorld(t);
    steps = tenderSteps(t, w);
  });
  after(() => t.close());
  beforeEach(() => t.clock.set(start));

  const noticesOf = async (tenderId: string): Promise<NoticeSummary[]> => {
    const res = await request(t.app).get('/api/v1/notices?limit=1000').expect(200);
    return noticeFeed.parse(res.body).items.filter((n) => n.tenderId === tenderId);
  };
  const notice = async (id: string) =>
    noticeView.parse((await request(t.app).get(`/api/v1/notices/${id}`).expect(200)).body);
  const only = <T>(items: T[]): T => {
    assert.equal(items.length, 1);
    return items[0]!;
  };

  it('publishes a 招标公告 stating what the law asks for, from the tender’s own data', async () => {
    const tender = await publishedTender(t, w, { agencyPartyId: w.agency.partyId! });
    const summary = only(await noticesOf(tender.id));
    assert.equal(summary.kind, 'tender');
    // The title already says 招标 (“…施工招标”): the notice is its 公告, not a “…招标招标公告”.
    assert.equal(summary.title, '五象新区道路改造工程施工招标公告');
    assert.deepEqual(
      [summary.regionCode, summary.category, summary.tenderStatus, summary.publishedAt, summary.dateModified],
      ['450100', 'A', 'published', start.toISOString(), start.toISOString()],
    );
    const { body } = await notice(summary.id);
    const bidDeadline = new Date(start.getTime() + 25 * DAY); // 2026-01-30 02:00 UTC = 10:00 in Beijing
    for (const fact of [
      tender.code,
      tender.projectName,
      `${tender.tenderee.name}（统一社会信用代码：${tender.tenderee.uscc}）`,
      `招标代理机构为${tender.agency.name}`,
      `${tender.sections[0].name}（标段编号：${tender.sections[0].code}）：最高投标限价 1,000,000.00元`,
      '投标保证金：13,500.00元',
      `投标截止时间（即开标时间）：${chinaTime(bidDeadline.toISOString())}`,
      '2026年01月30日 10时00分',
      `https://ygjy.example.cn/api/v1/tenders/${tender.id}/documents`,
      '任意2位即可解密',
      ...w.custodians.map((c) => c.username),
    ]) {
      assert.ok(body.includes(fact), `the notice says ${fact}`);
    }
  });

  it('publishes a 澄清公告, and a 变更公告 that names the deadline it moved to', async () => {
    const tender = await publishedTender(t, w);
    t.clock.advance(DAY);
    assert.equal((await steps.clarify(tender.id)).deadlineMoved, false);
    t.clock.advance(11 * DAY); // 13 days left: a change now moves the deadline (ZB Art.23)
    const moved = await steps.clarify(tender.id, { kind: 'amendment', title: '关于技术参数的修改' });
    assert.equal(moved.deadlineMoved, true);
    const notices = await noticesOf(tender.id);
    assert.deepEqual(notices.map((n) => n.kind).sort(), ['clarification', 'clarification', 'tender']);
    const numbered = (n: number) => notices.find((x) => x.title.endsWith(`（第${n}号）`));
    const [clarification, amendment] = [numbered(1), numbered(2)];
    assert.equal(clarification!.title, `${tender.title}澄清公告（第1号）`);
    assert.ok((await notice(clarification!.id)).body.includes('投标截止时间（即开标时间）不变'));
    assert.equal(amendment!.title, `${tender.title}变更公告（第2号）`);
    const newDeadline = chinaTime(new Date(t.clock.now().getTime() + 15 * DAY).toISOString());
    const text = (await notice(amendment!.id)).body;
    assert.ok(text.includes('关于技术参数的修改'));
    assert.ok(text.includes(`顺延至${newDeadline}`), text);
    // Every notice of the tender moved up the feed with the change.
    assert.ok(notices.every((n) => n.dateModified === t.clock.now().toISOString()));
  });

  it('publishes a 终止公告 with the reason, and every notice follows the tender into cancelled', async () => {
    const tender = await publishedTender(t, w);
    t.clock.advance(2 * DAY);
    await steps.cancel(tender.id, '项目资金未落实，终止招标');
    const notices = await noticesOf(tender.id);
    const cancellation = only(notices.filter((n) => n.kind === 'cancellation'));
    assert.equal(cancellation.title, `${tender.title}终止公告`);
    assert.ok((await notice(cancellation.id)).body.includes('终止原因：项目资金未落实，终止招标'));
    assert.deepEqual(
      notices.map((n) => [n.tenderStatus, n.dateModified]),
      [0, 1].map(() => ['cancelled', t.clock.now().toISOString()]),
    );
  });

  it('follows suspension, resumption and the close of bidding into tenderStatus and dateModified', async () => {
    const tender = await publishedTender(t, w);
    const statusNow = async () => only(await noticesOf(tender.id));
    t.clock.advance(DAY);
    const objection = await steps.suspend(tender.id);
    assert.deepEqual(await statusNow().then((n) => [n.tenderStatus, n.dateModified]), [
      'suspended',
      t.clock.now().toISOString(),
    ]);
    t.clock.advance(DAY);
    await steps.resume(tender.id, objection);
    assert.equal((await statusNow()).tenderStatus, 'published');
    await steps.closeBidding(tender.id);
    assert.deepEqual(await statusNow().then((n) => [n.tenderStatus, n.dateModified]), [
      'bidding-closed',
      t.clock.now().toISOString(),
    ]);
  });

  it('never shows a draft, nor announces a draft cancelled before publication', async () => {
    const draft = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .send(validTender(w, t.clock.now()))
      .expect(201);
    const id = draft.body.tender.id as string;
    assert.deepEqual(await noticesOf(id), []);
    await steps.cancel(id, '草稿作废，不再招标');
    assert.deepEqual(await noticesOf(id), []);
  });

  it('commits a notice with its tender change or not at all', async () => {
    const draft = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .send(validTender(w, t.clock.now()))
      .expect(201);
    const id = draft.body.tender.id as string;
    const off = t.platform.events.within('tender.published', async () => {
      throw new Error('a later subscriber fails');
    });
    try {
      await request(t.app)
        .post(`/api/v1/tenders/${id}/publication`)
        .set(bearer(w.tenderee.token))
        .expect(500);
    } finally {
      off();
    }
    assert.equal(await t.platform.models.Notice.count({ where: { tenderId: id } }), 0);
    assert.equal((await t.platform.tenders.find(id))!.status, 'draft');
  });

  it('answers 404 for an unknown notice and 422 for a malformed id', async () => {
    await request(t.app).get('/api/v1/notices/00000000-0000-4000-8000-000000000000').expect(404);
    const res = await request(t.app).get('/api/v1/notices/not-a-uuid').expect(422);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  });
});

describe('notices (公告): the public feed', () => {
  let t: TestPlatform;
  let w: TenderWorld;
  const label = new Map<string, string>(); // tender id → T1 ...
  const HOUR = 3600_000;
  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await tenderWorld(t);
    const start = t.clock.now().getTime();
    const tenders: [string, string, 'A' | 'B' | 'C', string, number][] = [
      ['T1', '450100', 'A', '南宁道路改造工程施工招标', 0],
      ['T2', '450102', 'B', '节能改造10%工程货物招标', 0], // the same instant as T1: ids break the tie
      ['T3', '451000', 'C', 'A_B道路设计服务招标', 1],
      ['T4', '440300', 'A', '节能改造100工程施工招标', 2],
      ['T5', '450100', 'A', 'AXB道路施工招标', 3],
    ];
    for (const [name, regionCode, category, title, hours] of tenders) {
      t.clock.set(new Date(start + hours * HOUR));
      label.set((await publishedTender(t, w, { regionCode, category, title })).id, name);
    }
    t.clock.set(new Date(start + 4 * HOUR));
    const t5 = [...label].find(([, name]) => name === 'T5')![0];
    await tenderSteps(t, w).cancel(t5, '项目调整，终止招标');
    const draft = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .send(validTender(w, t.clock.now(), { title: '草稿道路改造工程' }))
      .expect(201);
    label.set(draft.body.tender.id, 'DRAFT');
  });
  after(() => t.close());

  const at = (hours: number) => new Date(Date.parse('2026-01-05T02:00:00Z') + hours * HOUR).toISOString();
  const feed = async (query: string) => {
    const res = await request(t.app).get(`/api/v1/notices?limit=1000&${query}`).expect(200);
    return noticeFeed.parse(res.body).items;
  };
  /** The feed's entries as "T1", "T5 cancellation" ..., sorted, so a test reads like its expectation. */
  const seen = async (query: string) =>
    (await feed(query))
      .map((n) => `${label.get(n.tenderId)}${n.kind === 'tender' ? '' : ` ${n.kind}`}`)
      .sort();

  it('filters by GB/T 2260 prefix: province, city, one exact code', async () => {
    assert.deepEqual(await seen('region=45'), ['T1', 'T2', 'T3', 'T5', 'T5 cancellation']);
    assert.deepEqual(await seen('region=4501'), ['T1', 'T2', 'T5', 'T5 cancellation']);
    assert.deepEqual(await seen('region=450102'), ['T2']);
    assert.deepEqual(await seen('region=44'), ['T4']);
    assert.deepEqual(await seen('region=46'), []);
  });

  it('filters by category, tender status and notice kind, and combines filters', async () => {
    assert.deepEqual(await seen('category=B'), ['T2']);
    assert.deepEqual(await seen('status=cancelled'), ['T5', 'T5 cancellation']);
    assert.deepEqual(await seen('status=published'), ['T1', 'T2', 'T3', 'T4']);
    assert.deepEqual(await seen('kind=cancellation'), ['T5 cancellation']);
    assert.deepEqual(await seen('region=45&category=A&status=published'), ['T1']);
  });

  it('filters by dateModified from and to, both inclusive', async () => {
    assert.deepEqual(await seen(`from=${at(2)}`), ['T4', 'T5', 'T5 cancellation']);
    assert.deepEqual(await seen(`to=${at(1)}`), ['T1', 'T2', 'T3']);
    assert.deepEqual(await seen(`from=${at(1)}&to=${at(2)}`), ['T3', 'T4']);
  });

  it('searches titles literally: % and _ are characters, not wildcards', async () => {
    assert.deepEqual(await seen(`q=${encodeURIComponent('10%')}`), ['T2']);
    assert.deepEqual(await seen(`q=${encodeURIComponent('%')}`), ['T2']);
    assert.deepEqual(await seen('q=_'), ['T3']);
    assert.deepEqual(await seen(`q=${encodeURIComponent('改造')}`), ['T1', 'T2', 'T4']);
  });

  it('never lists a draft', async () => {
    assert.ok(!(await seen('')).includes('DRAFT'));
    assert.equal((await feed('')).length, 6);
  });

  it('orders by dateModified then id, newest first, and the cursor walks it without gaps or repeats', async () => {
    const all = await feed('');
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      assert.ok(a.dateModified > b.dateModified || (a.dateModified === b.dateModified && a.id > b.id));
    }
    for (const [limit, filter] of [
      [1, ''],
      [2, ''],
      [4, ''],
      [1, '&region=45'],
    ] as const) {
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/notices?limit=${limit}${filter}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = noticeFeed.parse((await request(t.app).get(query).expect(200)).body);
        assert.ok(page.items.length <= limit);
        walked.push(...page.items.map((n) => n.id));
        cursor = page.nextCursor;
      } while (cursor);
      const expected = (await feed(filter.slice(1))).map((n) => n.id);
      assert.deepEqual(walked, expected, `limit ${limit}${filter}`);
    }
  });

  it('answers 422 for a query it cannot read, naming the field', async () => {
    for (const [query, field] of [
      ['region=4', 'query.region'],
      ['region=4501001', 'query.region'],
      ['category=Z', 'query.category'],
      ['status=draft', 'query.status'],
      ['kind=rumour', 'query.kind'],
      ['from=yesterday', 'query.from'],
      [`from=${at(2)}&to=${at(1)}`, 'query.from'],
      ['limit=0', 'query.limit'],
      ['limit=1001', 'query.limit'],
    ]) {
      const res = await request(t.app).get(`/api/v1/notices?${query}`).expect(422);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED', query);
      assert.equal(res.body.error.details[0].path, field, query);
    }
    const res = await request(t.app).get('/api/v1/notices?cursor=bm90LWEtY3Vyc29y').expect(422);
    assert.equal(res.body.error.code, 'INVALID_CURSOR');
  });

  it('is in the OpenAPI document, public, with its filters', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const list = doc.paths['/api/v1/notices'].get;
    assert.equal(list.security, undefined);
    const names = list.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(names, ['region', 'category', 'status', 'kind', 'from', 'to', 'q', 'cursor', 'limit']);
    assert.ok(doc.paths['/api/v1/notices/{id}'].get.responses['200']);
  });
  it('serves repeated anonymous reads from memory until this node commits a notice change', async () => {
    const url = '/api/v1/notices?limit=1000&region=44';
    const first = (await request(t.app).get(url).expect(200)).body;
    assert.equal(first.items.length, 1);
    // A change made behind the service's back is not seen while the page is fresh ...
    const { Notice } = t.platform.models;
    const original = first.items[0].title;
    await Notice.update({ title: '未经服务修改的标题' }, { where: { id: first.items[0].id } });
    try {
      assert.deepEqual((await request(t.app).get(url).expect(200)).body, first);
      // ... a signed-in reader always reads the database ...
      const signedIn = await request(t.app).get(url).set(bearer(w.tenderee.token)).expect(200);
      assert.equal(signedIn.body.items[0].title, '未经服务修改的标题');
    } finally {
      await Notice.update({ title: original }, { where: { id: first.items[0].id } });
    }
    // ... and a tender change committed here drops the cache at once.
    await publishedTender(t, w, { regionCode: '440100', title: '广州新建工程施工招标' });
    const after = (await request(t.app).get(url).expect(200)).body;
    assert.equal(after.items.length, 2);
    assert.equal(after.items[1].title, original);
    label.set(after.items[0].tenderId, 'T6');
  });
});
