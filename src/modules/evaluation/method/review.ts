import type { Criterion, SheetProblem } from './types.js';

/*
 * Compliance and qualification review (资格审查/符合性审查, docs/domain.md §5, PB Art.29-31): each member judges
 * each bid pass or fail on every pass-fail criterion, with a reason for every fail; the committee decides each
 * bid by majority.
 */

export interface Verdict {
  pass: boolean;
  reason: string;
}
export type Verdicts = Readonly<Record<string, Verdict>>;

/** A review sheet against the plan: every pass-fail criterion judged, nothing else, a reason for each fail. */
export function reviewSheetProblems(verdicts: Verdicts, criteria: readonly Criterion[]): SheetProblem[] {
  const judged = criteria.filter((c) => c.kind === 'pass-fail').map((c) => c.key);
  const problems: SheetProblem[] = [];
  for (const key of judged) {
    const verdict = verdicts[key];
    if (!verdict) problems.push({ code: 'CRITERION_MISSING', criterionKey: key });
    // A fail must say why: the report lists the reasons for every rejection (PB Art.42).
    else if (!verdict.pass && verdict.reason.trim() === '')
      problems.push({ code: 'REASON_REQUIRED', criterionKey: key });
  }
  for (const key of Object.keys(verdicts)) {
    if (!judged.includes(key)) problems.push({ code: 'CRITERION_UNKNOWN', criterionKey: key });
  }
  return problems;
}

/** A member's verdict on a bid: it passes only if every criterion passes. */
export function memberPasses(verdicts: Verdicts): boolean {
  return Object.values(verdicts).every((v) => v.pass);
}

/** The committee's decision: a bid passes when more than half of the active members pass it. */
export function majorityPasses(passes: number, activeMembers: number): boolean {
  return passes * 2 > activeMembers;
}

export interface ReviewSheet {
  memberId: string;
  bidId: string;
  verdicts: Verdicts;
}

/**
 * Each bid's outcome from the active members' sheets: 'pass' or 'fail', or null while an active member has not
 * judged it yet (the step cannot move on before). Sheets of members who are not active (replaced) do not count;
 * of a member's several sheets for a bid, the last one given counts.
 */
export function reviewOutcomes(
  bidIds: readonly string[],
  activeMemberIds: readonly string[],
  sheets: readonly ReviewSheet[],
): Map<string, 'pass' | 'fail' | null> {
  const active = new Set(activeMemberIds);
  const outcomes = new Map<string, 'pass' | 'fail' | null>();
  for (const bidId of bidIds) {
    const latest = new Map<string, Verdicts>();
    for (const s of sheets)
      if (s.bidId === bidId && active.has(s.memberId)) latest.set(s.memberId, s.verdicts);
    if (latest.size < active.size) {
      outcomes.set(bidId, null);
      continue;
    }
    const passes = [...latest.values()].filter(memberPasses).length;
    outcomes.set(bidId, majorityPasses(passes, active.size) ? 'pass' : 'fail');
  }
  return outcomes;
}
