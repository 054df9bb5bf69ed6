import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { sqlInstant } from '../src/platform/db/sql-instant.js';
import { isoInstant } from '../src/modules/publication/feed.js';
import { noticeFeed, type NoticeSummary } from '../src/modules/publication/schemas.js';
import { toNoticeSummary } from '../src/modules/publication/service.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld } from './helpers/tenders.js';

/**
 * The feed's single-statement page query (feedPageQuery) against an answer worked out here in plain code from
 * every notice the ORM reads back: same entries, same order, same fields, for each filter and page size, with
 * many notices sharing one dateModified so that pages end inside a tie.
 */
describe('notices (公告): the feed pages match the notices, filter by filter', () => {
  let t: TestPlatform;
  let all: NoticeSummary[];
  const base = Date.parse('2026-03-01T00:00:00.123Z');
  const instant = (i: number) => new Date(base + (i % 9) * 3600_000);
  const REGIONS = ['450100', '450102', '451000', '440300', '110105'];
  const KINDS = ['clarification', 'opening-record', 'failure'] as const;
  const STATUSES = ['published', 'bidding-closed', 'cancelled', 'suspended'] as const;

  before(async () => {
    t = await createTestPlatform();
    const w = await tenderWorld(t);
    const tender = await publishedTender(t, w);
    const { Notice } = t.platform.models;
    await Notice.bulkCreate(
      Array.from({ length: 180 }, (_, i) => ({
        id: randomUUID(),
        tenderId: tender.id,
        kind: KINDS[i % 3]!,
        number: i + 2,
        title: i % 7 === 0 ? `第${i}号节能改造10%工程公告` : `第${i}号道路工程公告`,
        body: '正文',
        regionCode: REGIONS[i % 5]!,
        category: (['A', 'B', 'C'] as const)[i % 3 === 0 ? 0 : (i >> 1) % 3]!,
        tenderStatus: STATUSES[(i >> 2) % 4]!,
        publishedAt: new Date(base - i * 60_000),
        dateModified: instant(i),
      })),
    );
    all = (await Notice.findAll()).map(toNoticeSummary);
  });
  after(() => t.close());

  /** Every page the API gives for `query`, walked with its cursor. */
  async function walk(query: string, limit: number): Promise<NoticeSummary[]> {
    const items: NoticeSummary[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/notices?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await request(t.app).get(url).expect(200);
      const page = noticeFeed.parse(res.body);
      assert.ok(page.items.length <= limit);
      // The entries keep their fields in the order the feed always wrote them.
      for (const item of res.body.items) assert.deepEqual(Object.keys(item), Object.keys(all[0]!));
      items.push(...page.items);
      cursor = page.nextCursor;
      if (cursor) assert.equal(page.items.length, limit, 'only the last page is short');
    } while (cursor);
    return items;
  }

  const newestFirst = (a: NoticeSummary, b: NoticeSummary) =>
    a.dateModified === b.dateModified ? (a.id < b.id ? 1 : -1) : a.dateModified < b.dateModified ? 1 : -1;

  const cases: [string, (n: NoticeSummary) => boolean][] = [
    ['', () => true],
    ['region=45', (n) => n.regionCode.startsWith('45')],
    ['region=4501', (n) => n.regionCode.startsWith('4501')],
    ['region=450102', (n) => n.regionCode === '450102'],
    ['category=A&status=published', (n) => n.category === 'A' && n.tenderStatus === 'published'],
    [
      'region=45&category=A&status=published',
      (n) => n.regionCode.startsWith('45') && n.category === 'A' && n.tenderStatus === 'published',
    ],
    ['kind=failure&status=cancelled', (n) => n.kind === 'failure' && n.tenderStatus === 'cancelled'],
    [`q=${encodeURIComponent('10%')}`, (n) => n.title.includes('10%')],
    [
      `from=${instant(2).toISOString()}&to=${instant(5).toISOString()}`,
      (n) => n.dateModified >= instant(2).toISOString() && n.dateModified <= instant(5).toISOString(),
    ],
    ['region=44&category=C', (n) => n.regionCode.startsWith('44') && n.category === 'C'],
  ];

  for (const [query, keep] of cases) {
    it(`gives the matching notices newest first, page by page: ${query || 'no filter'}`, async () => {
      const expected = all.filter(keep).sort(newestFirst);
      assert.ok(expected.length > 0, 'the data has something to find');
      for (const limit of [7, 50, 1000]) {
        assert.deepEqual(await walk(query, limit), expected, `limit ${limit}`);
      }
    });
  }

  it('finds nothing where nothing matches, with no next page', async () => {
    const res = await request(t.app).get('/api/v1/notices?region=46&limit=5').expect(200);
    assert.deepEqual(res.body, { items: [], nextCursor: null });
  });
});

describe('notices (公告): instants read back raw', () => {
  it('writes SQLite text, MySQL DATETIME(3) text (UTC) and dates as ISO 8601 UTC', () => {
    assert.equal(isoInstant('2026-01-05 02:00:00.123 +00:00'), '2026-01-05T02:00:00.123Z');
    assert.equal(isoInstant('2026-01-05 02:00:00.123'), '2026-01-05T02:00:00.123Z');
    assert.equal(isoInstant('2026-01-05 10:00:00.123 +08:00'), '2026-01-05T02:00:00.123Z');
    assert.equal(isoInstant(new Date('2026-01-05T02:00:00.120Z')), '2026-01-05T02:00:00.120Z');
  });

  it('writes an instant for a comparison as each engine holds it, milliseconds kept', () => {
    const at = new Date('2026-01-05T02:00:00.123Z');
    assert.equal(sqlInstant(at, 'sqlite'), '2026-01-05 02:00:00.123 +00:00');
    assert.equal(sqlInstant(at, 'mysql'), '2026-01-05 02:00:00.123');
  });
});
