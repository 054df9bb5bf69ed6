// For tests only: the one fixture-table runner every rule set uses (mocha's describe/it, node:assert).
import assert from 'node:assert/strict';
import { findingsOf } from './rule.js';
import { registryProblems, type RuleFolder } from './registry.js';

/** One case: a name that says what it shows, plus whatever the rule set's rows carry. */
export interface FixtureRow {
  name: string;
}

export interface FixtureTable<Row extends FixtureRow, Facts, Context, Finding> {
  /** The rule's id: its file name, as registered. */
  id: string;
  /** What the table is about, with the rule's source in law (`≥ 20 days … (ZB Art.24)`). */
  title?: string;
  rule: (facts: Facts, context: Context) => readonly Finding[] | Finding | null;
  /** The facts and context a row stands for. */
  given: (row: Row) => { facts: Facts; context: Context };
  /** Asserts the findings (in the rule's order; empty when it passes) are those the row expects. */
  expect: (findings: readonly Finding[], row: Row) => void;
  rows: readonly Row[];
}

/**
 * Problems with a table as a whole: a repeated case name, and a table that could not fail, because no row
 * passes or no row finds anything (a rule that always or never finds would go unnoticed).
 */
export function tableProblems(names: readonly string[], findingCounts: readonly number[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) problems.push(`case "${name}" appears twice`);
    seen.add(name);
  }
  if (!findingCounts.some((n) => n === 0)) problems.push('no case passes');
  if (!findingCounts.some((n) => n > 0)) problems.push('no case finds anything');
  return problems;
}

/** One `it` per row, which also checks the rule left its facts and context as they were. */
export function fixtureTable<Row extends FixtureRow, Facts, Context, Finding>(
  table: FixtureTable<Row, Facts, Context, Finding>,
): void {
  describe(table.title ? `${table.id}: ${table.title}` : table.id, () => {
    for (const row of table.rows) {
      it(row.name, () => {
        const { facts, context } = table.given(row);
        const before = structuredClone({ facts, context });
        const findings = findingsOf(table.rule(facts, context));
        table.expect(findings, row);
        assert.deepEqual({ facts, context }, before, 'a rule never changes its facts');
      });
    }
    it('the table can fail: its cases are distinct, some pass and some find something', () => {
      const counts = table.rows.map((row) => {
        const { facts, context } = table.given(row);
        return findingsOf(table.rule(facts, context)).length;
      });
      assert.deepEqual(
        tableProblems(
          table.rows.map((r) => r.name),
          counts,
        ),
        [],
      );
    });
  });
}

/** The folder's rule files and its registry agree (registry.ts). */
export function registryMatchesFolder(folder: RuleFolder): void {
  it('every rule file is registered, every registered rule has its file and its fixture table', () => {
    assert.deepEqual(registryProblems(folder), []);
  });
}
