import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { CATALOG_CSV } from './catalog-data.js';
import { defaultCatalog } from './default.js';

describe('expert catalog', () => {
  it('ships the ten level-1 engineering codes of 316号', () => {
    const names = [
      '规划',
      '投资策划与决策',
      '勘察',
      '设计',
      '监理',
      '工程造价',
      '项目管理',
      '工程施工',
      '其他工程',
      '工程总承包',
    ];
    names.forEach((name, i) => {
      const code = `A${String(i + 1).padStart(2, '0')}`;
      assert.deepEqual(defaultCatalog.get(code), { code, level: 1, category: 'A', name, parent: null });
    });
  });

  it('has entries at every level and in every category', () => {
    const entries = defaultCatalog.entries();
    for (const level of [1, 2, 3, 4])
      assert.ok(
        entries.some((e) => e.level === level),
        `level ${level}`,
      );
    for (const category of ['A', 'B', 'C'])
      assert.ok(entries.some((e) => e.category === category && e.level > 1));
    assert.ok(defaultCatalog.size >= 60);
  });

  it('matches a request code to itself and its descendants, never to ancestors or siblings', () => {
    const c = defaultCatalog;
    assert.ok(c.covers('A0801', 'A0801'));
    assert.ok(c.covers('A0801', 'A080101'));
    assert.ok(c.covers('A0801', 'A08010102'));
    assert.ok(c.covers('A08', 'A08010102'));
    assert.ok(!c.covers('A080101', 'A0801'), 'a more specific request does not accept a general expert');
    assert.ok(!c.covers('A0801', 'A0802'));
    assert.ok(!c.covers('A0801', 'A080201'));
    assert.ok(!c.covers('A08', 'A09'));
    assert.ok(!c.covers('A0899', 'A089901'), 'unknown request codes cover nothing');
  });

  it('lists descendants and children', () => {
    assert.deepEqual(
      defaultCatalog.descendants('A0801').map((e) => e.code),
      ['A080101', 'A08010101', 'A08010102', 'A08010103', 'A080102', 'A080103', 'A08010301', 'A08010302'],
    );
    assert.deepEqual(
      defaultCatalog.children('A0801').map((e) => e.code),
      ['A080101', 'A080102', 'A080103'],
    );
    assert.deepEqual(defaultCatalog.descendants('A08010101'), []);
    assert.equal(defaultCatalog.get('A080101')?.parent, 'A0801');
  });

  it('catalog-data.ts is generated from catalog.csv (run expert-pool/catalog/generate-data.ts)', () => {
    assert.equal(CATALOG_CSV, readFileSync(new URL('catalog.csv', import.meta.url), 'utf8'));
  });
});
