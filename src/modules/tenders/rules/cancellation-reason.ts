import type { Violation } from './rule.js';

/** docs/domain.md §8: a tender is cancelled or terminated only with a stated reason, which is published. */
export function cancellationReason(reason: string | undefined): Violation[] {
  if (reason && reason.trim().length >= 2) return [];
  return [
    { code: 'CANCELLATION_REASON_REQUIRED', field: 'reason', message: 'A cancellation needs a reason' },
  ];
}
