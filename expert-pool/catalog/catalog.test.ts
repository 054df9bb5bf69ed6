import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { CatalogError } from '../errors.js';
import { CATALOG_CSV } from './catalog-data.js';
import { defaultCatalog } from './default.js';
import { parseCatalogCsv } from './parse.js';

describe('expert catalog', () => {
  it('ships the national classification: 30 level-1, 256 level-2 and 1,454 level-3 codes', () => {
    const entries = defaultCatalog.entries();
    assert.equal(defaultCatalog.size, 1740);
    assert.deepEqual(
      [1, 2, 3, 4].map((level) => entries.filter((e) => e.level === level).length),
      [30, 256, 1454, 0],
    );
    const level1 = (category: string) =>
      entries.filter((e) => e.level === 1 && e.category === category).map((e) => e.code);
    assert.deepEqual(level1('A'), ['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09']);
    assert.equal(level1('B').length, 9);
    assert.equal(level1('C').length, 12);
    assert.equal(defaultCatalog.get('A10'), undefined, 'this edition predates A10 工程总承包');
  });

  it('has the engineering level-1 codes with their published names', () => {
    const names = [
      '规划',
      '投资策划与决策',
      '勘察',
      '设计',
      '监理',
      '工程造价',
      '项目管理(含代建)',
      '工程施工',
    ];
    names.push('其他工程');
    names.forEach((name, i) => {
      const code = `A0${i + 1}`;
      assert.deepEqual(defaultCatalog.get(code), { code, level: 1, category: 'A', name, parent: null });
    });
    assert.deepEqual(defaultCatalog.get('A080201'), {
      code: 'A080201',
      level: 3,
      category: 'A',
      name: '道路工程',
      parent: 'A0802',
    });
  });

  it('carries the two corrected codes, not the duplicates of the transcription (README.md)', () => {
    assert.equal(defaultCatalog.get('A040505')?.name, '机车车辆');
    assert.equal(defaultCatalog.get('A040405')?.name, '给水排水');
    assert.equal(defaultCatalog.get('B011405')?.name, '灯光、音响、舞台设备');
    assert.equal(defaultCatalog.get('B011305')?.name, '卫星通信设备');
    // The transcription as published is refused by the import, naming both duplicates.
    const published = CATALOG_CSV.replace('A040505,机车车辆,A0405,3', 'A040405,机车车辆,A0404,3').replace(
      'B011405,灯光、音响、舞台设备,B0114,3',
      'B011305,灯光、音响、舞台设备,B0113,3',
    );
    assert.throws(
      () => parseCatalogCsv(published),
      (err: unknown) =>
        err instanceof CatalogError &&
        err.problems.map((p) => p.message).join('; ') ===
          'duplicate code A040405 (first on line 158); duplicate code B011305 (first on line 1108)',
    );
  });

  it('matches a request code to itself and its descendants, never to ancestors or siblings', () => {
    const c = defaultCatalog;
    assert.ok(c.covers('A0801', 'A0801'));
    assert.ok(c.covers('A0801', 'A080101'));
    assert.ok(c.covers('A08', 'A080107'));
    assert.ok(!c.covers('A080101', 'A0801'), 'a more specific request does not accept a general expert');
    assert.ok(!c.covers('A0801', 'A0802'));
    assert.ok(!c.covers('A0801', 'A080201'));
    assert.ok(!c.covers('A08', 'A09'));
    assert.ok(!c.covers('A0899', 'A089901'), 'unknown request codes cover nothing');
  });

  it('lists descendants and children', () => {
    assert.deepEqual(
      defaultCatalog.children('A06').map((e) => e.code),
      ['A0601', 'A0602'],
    );
    assert.deepEqual(
      defaultCatalog.children('A0803').map((e) => e.code),
      ['A080301', 'A080302', 'A080303', 'A080304', 'A080305', 'A080306'],
    );
    assert.equal(defaultCatalog.descendants('A0802').length, 14);
    assert.deepEqual(defaultCatalog.descendants('A080201'), []);
    assert.equal(defaultCatalog.get('A080101')?.parent, 'A0801');
  });

  it('catalog-data.ts is generated from catalog.csv (run expert-pool/catalog/generate-data.ts)', () => {
    assert.equal(CATALOG_CSV, readFileSync(new URL('catalog.csv', import.meta.url), 'utf8'));
  });
});
