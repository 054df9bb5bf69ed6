/**
 * The evaluation is extended when more than a third of the active members say the time is too short
 * (SS Art.48; docs/domain.md §4): votes / members > 1/3 ⇔ votes × 3 > members, so exactly a third is not enough.
 */
export function extensionDue(timeTooShortVotes: number, activeMembers: number): boolean {
  return activeMembers > 0 && timeTooShortVotes * 3 > activeMembers;
}
