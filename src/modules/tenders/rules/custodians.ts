import type { TenderRule, Violation } from './rule.js';

/**
 * The key custodians (docs/design.md §6): n ≥ 3 distinct custodians, threshold 2 ≤ k ≤ n, each holding a
 * valid certificate from the platform CA, since bidders encrypt key shares to those certificates.
 */
export const MIN_CUSTODIANS = 3;
export const MIN_THRESHOLD = 2;

export const custodiansValid: TenderRule = ({ custodians: { threshold, members } }) => {
  const out: Violation[] = [];
  const add = (field: string, message: string, params?: Record<string, unknown>) =>
    out.push({ code: 'CUSTODIANS_INVALID', field, message, params });
  const n = members.length;
  if (n < MIN_CUSTODIANS)
    add('custodians.userIds', `At least ${MIN_CUSTODIANS} key custodians are required`, { n });
  if (new Set(members.map((m) => m.userId)).size !== n)
    add('custodians.userIds', 'A custodian is named twice');
  if (threshold < MIN_THRESHOLD || threshold > n) {
    add(
      'custodians.threshold',
      `The threshold must be between ${MIN_THRESHOLD} and the number of custodians`,
      {
        threshold,
        n,
      },
    );
  }
  members.forEach((m, i) => {
    if (m.role !== 'custodian') add(`custodians.userIds.${i}`, 'This user is not a key custodian');
    else if (!m.hasValidCertificate)
      add(`custodians.userIds.${i}`, 'This custodian has no valid certificate');
  });
  return out;
};
