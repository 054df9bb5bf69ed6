import assert from 'node:assert/strict';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld } from './helpers/tenders.js';

/** Row timestamps come from the platform clock, also for rows written in bulk (src/platform/db/clock-timestamps.ts). */
describe('row timestamps from the platform clock', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  before(async () => (t = await createTestPlatform()));
  after(() => t.close());

  it('stamps rows made by bulkCreate (a tender’s sections) with the clock’s time, not the system’s', async () => {
    const at = new Date('2026-03-01T00:00:00Z');
    t.clock.set(at);
    const tender = await publishedTender(t, await tenderWorld(t));
    const sections = await t.platform.models.TenderSection.findAll({
      where: { tenderId: tender.id },
    });
    assert.ok(sections.length > 0);
    for (const section of sections) {
      assert.equal((section.get('createdAt') as Date).toISOString(), at.toISOString());
      assert.equal((section.get('updatedAt') as Date).toISOString(), at.toISOString());
    }
  });
});
