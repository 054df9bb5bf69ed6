/**
 * The rule kernel: the one shape every rule set shares (the tender's legal limits, the experts' avoidance
 * rules, supervision red flags): one rule per file, a pure function from the facts it judges, and the
 * context it judges them in, to what it finds; a stable id (its file name) and its own fixture table.
 *
 * Pure on purpose: nothing here imports from the project, from npm or from Node, because the pure cores use
 * it too. expert-pool/ (which runs in the browser as well) may import src/platform/rules/ and nothing else
 * from src/. fixture-table.ts, for tests only, is the one file here that imports (node:assert and mocha's
 * globals).
 */

/** A rule that reports every finding, in a stable order; none when the facts pass. */
export type Rule<Facts, Finding, Context = undefined> = (facts: Facts, context: Context) => Finding[];

/**
 * A rule that reports at most one finding (null when the facts pass): the form for rules run over a large
 * population, such as a million experts, where an array per call would cost more than the check.
 */
export type SingleFindingRule<Facts, Finding, Context = undefined> = (
  facts: Facts,
  context: Context,
) => Finding | null;

/** Either form's result as a list. */
export function findingsOf<Finding>(result: readonly Finding[] | Finding | null): readonly Finding[] {
  if (result === null) return [];
  return Array.isArray(result) ? (result as readonly Finding[]) : [result as Finding];
}
