import { strict as assert } from 'node:assert';
import { CatalogError } from '../errors.js';
import { parseCatalogCsv } from './parse.js';

function problemsOf(text: string) {
  try {
    parseCatalogCsv(text);
  } catch (err) {
    assert.ok(err instanceof CatalogError);
    return err.problems;
  }
  assert.fail('expected a CatalogError');
}

describe('parseCatalogCsv', () => {
  it('parses a file in any order, with a BOM, CRLF and quoted names', () => {
    const catalog = parseCatalogCsv(
      '\ufeffcode,level,name\r\nA0801,2,"房屋建筑, 工程"\r\nA08,1,工程施工\r\n\r\n',
    );
    assert.equal(catalog.size, 2);
    assert.equal(catalog.get('A0801')?.name, '房屋建筑, 工程');
    assert.ok(catalog.covers('A08', 'A0801'));
  });

  it('lists every problem with its line number and accepts nothing', () => {
    const text = [
      'code,level,name', // 1
      'A08,1,工程施工', // 2
      'A0801,2,房屋建筑工程', // 3
      'A8,1,bad shape', // 4
      'A080101,2,level mismatch', // 5
      'A0801,2,duplicate', // 6
      'A09010101,4,orphan', // 7
      'D01,1,bad category', // 8
      'A0802,2', // 9
      'A0803,2,', // 10
    ].join('\n');
    assert.deepEqual(problemsOf(text), [
      { line: 4, message: 'bad code "A8": a letter A, B or C followed by 2, 4, 6 or 8 digits' },
      { line: 5, message: 'level 2 does not match code A080101 (level 3)' },
      { line: 6, message: 'duplicate code A0801 (first on line 3)' },
      { line: 7, message: 'unknown parent A090101 of A09010101' },
      { line: 8, message: 'bad code "D01": a letter A, B or C followed by 2, 4, 6 or 8 digits' },
      { line: 9, message: 'expected 3 fields, found 2' },
      { line: 10, message: 'code A0803 has no name' },
    ]);
  });

  it('counts lines inside quoted multi-line fields', () => {
    assert.deepEqual(problemsOf('code,level,name\nA08,1,"two\nlines"\nA0901,2,x\n'), [
      { line: 4, message: 'unknown parent A09 of A0901' },
    ]);
  });

  it('refuses a wrong header and an unterminated quote', () => {
    assert.match(problemsOf('code,name\nA08,工程施工\n')[0]!.message, /header/);
    assert.match(problemsOf('code,level,name\nA08,1,"open\n')[0]!.message, /unterminated/);
    assert.match(problemsOf('')[0]!.message, /header/);
  });

  it('reads the national layout (code,name,parent,level) with its level-0 category rows', () => {
    const catalog = parseCatalogCsv(
      'code,name,parent,level\r\nA,工程,,0\r\nA08,工程施工,A,1\r\nA0802,市政工程,A08,2\r\nA080201,道路工程,A0802,3\r\n',
    );
    assert.equal(catalog.size, 3, 'categories are not entries');
    assert.deepEqual(catalog.get('A08'), {
      code: 'A08',
      level: 1,
      category: 'A',
      name: '工程施工',
      parent: null,
    });
    assert.equal(catalog.get('A080201')?.parent, 'A0802');
  });

  it('checks the national layout: categories, parents that match the code, duplicates', () => {
    const text = [
      'code,name,parent,level', // 1
      'A,工程,,0', // 2
      'D,产权,,0', // 3
      'B,货物,A,0', // 4
      'A08,工程施工,A,1', // 5
      'A0801,建筑工程,A09,2', // 6
      'A0802,市政工程,A08,3', // 7
      'C01,勘察与调查,C,1', // 8
      'A0801,重复,A08,2', // 9
      'A0803,公路工程', // 10
    ].join('\n');
    assert.deepEqual(problemsOf(text), [
      { line: 3, message: 'bad category "D": A, B or C' },
      { line: 4, message: 'category B has a parent' },
      { line: 6, message: 'parent A09 does not match code A0801 (parent A08)' },
      { line: 7, message: 'level 3 does not match code A0802 (level 2)' },
      { line: 8, message: 'unknown parent C of C01' },
      { line: 9, message: 'duplicate code A0801 (first on line 6)' },
      { line: 10, message: 'expected 4 fields, found 2' },
    ]);
  });

  it('names the error in its message', () => {
    assert.throws(
      () => parseCatalogCsv('code,level,name\nA0801,2,x\n'),
      /line 2: unknown parent A08 of A0801/,
    );
  });
});
