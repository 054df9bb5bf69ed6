import assert from 'node:assert/strict';
import { AppError } from '../../platform/errors.js';
import { TENDER_STATUSES, type TenderStatus } from './models.js';
import {
  ACTIONS,
  can,
  nextStatus,
  TRANSITIONS,
  type TenderAction,
  type TenderTransition,
} from './state-machine.js';

/**
 * The whole lifecycle as one fixture table, written out by hand: a row per transition or action, a column per
 * status, `Y` where it may happen, `.` where it is refused. A change to the state machine shows up here as a
 * changed row a reviewer reads against docs/domain.md §8.
 */
const COLUMNS = [
  'draft',
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'publicity',
  'awarded',
  'contracted',
  'performance',
  'closed',
  'failed',
  'cancelled',
];

// prettier-ignore
const TABLE: Record<TenderTransition | TenderAction, string> = {
  //                  draft pub susp closed opening eval publ awd contr perf closed failed cancelled
  publish:            'Y     .   .   .   .   .   .   .   .   .   .   .   .',
  suspend:            '.     Y   .   .   .   .   .   .   .   .   .   .   .',
  resume:             '.     .   Y   .   .   .   .   .   .   .   .   .   .',
  closeBidding:       '.     Y   .   .   .   .   .   .   .   .   .   .   .',
  cancel:             'Y     Y   Y   .   .   .   .   .   .   .   .   .   .',
  startOpening:       '.     .   .   Y   .   .   .   .   .   .   .   .   .',
  fail:               '.     .   .   .   Y   .   .   .   .   .   .   .   .',
  startEvaluation:    '.     .   .   .   Y   .   .   .   .   .   .   .   .',
  editDraft:          'Y     .   .   .   .   .   .   .   .   .   .   .   .',
  deleteDraft:        'Y     .   .   .   .   .   .   .   .   .   .   .   .',
  uploadDocument:     'Y     Y   .   .   .   .   .   .   .   .   .   .   .',
  clarify:            '.     Y   Y   .   .   .   .   .   .   .   .   .   .',
  raiseObjection:     '.     Y   Y   .   .   .   .   .   .   .   .   .   .',
  submitBid:          '.     Y   .   .   .   .   .   .   .   .   .   .   .',
  withdrawBid:        '.     Y   .   .   .   .   .   .   .   .   .   .   .',
  requestExpertDraw:  '.     Y   Y   Y   Y   Y   .   .   .   .   .   .   .',
  releaseShare:       '.     Y   Y   Y   Y   .   .   .   .   .   .   .   .',
  checkIn:            '.     Y   Y   Y   Y   Y   .   .   .   .   .   .   .',
  completeOpening:    '.     .   .   .   Y   .   .   .   .   .   .   .   .',
  startPublicity:     '.     .   .   .   .   Y   .   .   .   .   .   .   .',
  award:              '.     .   .   .   .   .   Y   .   .   .   .   .   .',
  publishCandidates:  '.     .   .   .   .   Y   Y   .   .   .   .   .   .',
  raiseCandidateObjection:'.     .   .   .   .   .   Y   .   .   .   .   .   .',
  confirmAward:       '.     .   .   .   .   .   Y   .   .   .   .   .   .',
  contract:           '.     .   .   .   .   .   .   Y   .   .   .   .   .',
  startPerformance:   '.     .   .   .   .   .   .   .   Y   .   .   .   .',
  close:              '.     .   .   .   .   .   .   .   Y   Y   .   .   .',
  signContract:       '.     .   .   .   .   .   .   Y   .   .   .   .   .',
  awardNextCandidate: '.     .   .   .   .   .   .   Y   .   .   .   .   .',
  returnDeposit:      '.     .   .   .   .   .   .   Y   Y   Y   Y   .   .',
  recordPerformance:  '.     .   .   .   .   .   .   Y   Y   Y   .   .   .',
};

/** Where each transition leads. */
const TARGETS: Record<TenderTransition, TenderStatus> = {
  publish: 'published',
  suspend: 'suspended',
  resume: 'published',
  closeBidding: 'bidding-closed',
  cancel: 'cancelled',
  startOpening: 'opening',
  fail: 'failed',
  startEvaluation: 'evaluating',
  startPublicity: 'publicity',
  award: 'awarded',
  contract: 'contracted',
  startPerformance: 'performance',
  close: 'closed',
};

const cells = (row: string) => row.split(/\s+/).map((c) => c === 'Y');

describe('tender state machine: every transition and action × every status', () => {
  it('the table has a column for every status and a row for every transition and action', () => {
    assert.deepEqual(COLUMNS, [...TENDER_STATUSES]);
    assert.deepEqual(
      Object.keys(TABLE).sort(),
      [...Object.keys(TRANSITIONS), ...Object.keys(ACTIONS)].sort(),
    );
    for (const [name, row] of Object.entries(TABLE)) assert.equal(cells(row).length, COLUMNS.length, name);
  });

  for (const [name, row] of Object.entries(TABLE) as [TenderTransition | TenderAction, string][]) {
    it(`${name}: allowed in ${COLUMNS.filter((_, i) => cells(row)[i]).join(', ') || 'nothing'}`, () => {
      cells(row).forEach((allowed, i) => {
        const status = COLUMNS[i] as TenderStatus;
        assert.equal(can(status, name), allowed, `${name} in ${status}`);
      });
    });
  }

  for (const transition of Object.keys(TARGETS) as TenderTransition[]) {
    it(`${transition} leads to ${TARGETS[transition]} and is refused with 409 INVALID_TRANSITION elsewhere`, () => {
      cells(TABLE[transition]).forEach((allowed, i) => {
        const status = COLUMNS[i] as TenderStatus;
        if (allowed) return assert.equal(nextStatus(status, transition), TARGETS[transition]);
        assert.throws(
          () => nextStatus(status, transition),
          (e: unknown) => e instanceof AppError && e.status === 409 && e.code === 'INVALID_TRANSITION',
        );
      });
    });
  }

  it('failed and cancelled are final: nothing may happen to such a tender', () => {
    for (const status of ['failed', 'cancelled'] as const)
      for (const name of Object.keys(TABLE) as (TenderTransition | TenderAction)[])
        assert.equal(can(status, name), false, `${name} in ${status}`);
  });
});
