import assert from 'node:assert/strict';
import {
  contractDeadline,
  depositReturnDeadline,
  depositReturnedLate,
  signedLate,
  startOfDay,
} from '../src/modules/contract/rules/limits.js';
import { contractTerms, paymentCeiling } from '../src/modules/contract/rules/terms.js';

/**
 * The contract's limits as fixture tables at the millisecond (docs/domain.md §8): calendar days, the notice's
 * (or the signing's) own day not counted, the last day ending at 24:00 Beijing (Civil Code Art.201, 203).
 */
describe('contract rules', () => {
  // The award notice at 10:00 Beijing on 2 March 2026: day 1 is 3 March; day 30 is 1 April and ends at
  // 24:00 Beijing, i.e. 2026-04-01T16:00:00.000Z.
  const NOTICE = new Date('2026-03-02T02:00:00.000Z');

  describe('ZB Art.46: signed within 30 days of the award notice (late: recorded and flagged)', () => {
    const rows: { name: string; signedAt: string; late: boolean }[] = [
      { name: 'the same day', signedAt: '2026-03-02T03:00:00.000Z', late: false },
      {
        name: 'the last millisecond of day 30 (23:59:59.999 Beijing, 1 April)',
        signedAt: '2026-04-01T15:59:59.999Z',
        late: false,
      },
      { name: '00:00 Beijing on day 31: late', signedAt: '2026-04-01T16:00:00.000Z', late: true },
      {
        name: 'exactly 30 × 24 hours after the notice: still on time (the notice day is not counted)',
        signedAt: '2026-04-01T02:00:00.000Z',
        late: false,
      },
      { name: 'a week later: late', signedAt: '2026-04-08T02:00:00.000Z', late: true },
    ];
    for (const row of rows)
      it(row.name, () => assert.equal(signedLate(NOTICE, new Date(row.signedAt)), row.late));
    it('the deadline is 23:59:59.999 Beijing of the 30th day', () =>
      assert.equal(contractDeadline(NOTICE).toISOString(), '2026-04-01T15:59:59.999Z'));
    it('a notice at 23:30 Beijing still counts from the next day', () =>
      assert.equal(
        contractDeadline(new Date('2026-03-02T15:30:00.000Z')).toISOString(),
        '2026-04-01T15:59:59.999Z',
      ));
    it('a notice at 23:59 Beijing on 1 March (15:59 UTC) counts from 2 March: its deadline is a day earlier', () =>
      assert.equal(
        contractDeadline(new Date('2026-03-01T15:59:00.000Z')).toISOString(),
        '2026-03-31T15:59:59.999Z',
      ));
    it('the warning runs at 00:00 Beijing of day 25, the flag at 00:00 of day 31', () => {
      assert.equal(startOfDay(NOTICE, 25).toISOString(), '2026-03-26T16:00:00.000Z');
      assert.equal(startOfDay(NOTICE, 31).toISOString(), '2026-04-01T16:00:00.000Z');
    });
  });

  describe('SS Art.57: deposits returned within 5 days of the contract', () => {
    const SIGNED = new Date('2026-03-10T01:00:00.000Z'); // 09:00 Beijing, 10 March: day 5 is 15 March
    const rows: { name: string; returnedAt: string; late: boolean }[] = [
      { name: 'the same day', returnedAt: '2026-03-10T05:00:00.000Z', late: false },
      { name: '23:59:59.999 Beijing on 15 March', returnedAt: '2026-03-15T15:59:59.999Z', late: false },
      { name: '00:00 Beijing on 16 March: late', returnedAt: '2026-03-15T16:00:00.000Z', late: true },
    ];
    for (const row of rows)
      it(row.name, () => assert.equal(depositReturnedLate(SIGNED, new Date(row.returnedAt)), row.late));
    it('the deadline', () =>
      assert.equal(depositReturnDeadline(SIGNED).toISOString(), '2026-03-15T15:59:59.999Z'));
  });

  describe('ZB Art.46: the terms follow the award', () => {
    const award = { awardedPartyId: 'p1', awardedPriceFen: 123_456_00, noticeAt: NOTICE };
    const now = new Date('2026-03-05T02:00:00.000Z');
    const good = {
      supplierPartyId: 'p1',
      priceFen: 123_456_00,
      startsOn: '2026-03-06',
      dueAt: new Date('2026-06-30T16:00:00.000Z'),
      signedAt: now,
    };
    const rows: { name: string; input: Partial<typeof good>; codes: string[] }[] = [
      { name: 'the winner at the awarded price: accepted', input: {}, codes: [] },
      {
        name: 'one fen more: CONTRACT_PRICE_DIFFERS',
        input: { priceFen: 123_456_01 },
        codes: ['CONTRACT_PRICE_DIFFERS'],
      },
      {
        name: 'one fen less: CONTRACT_PRICE_DIFFERS',
        input: { priceFen: 123_455_99 },
        codes: ['CONTRACT_PRICE_DIFFERS'],
      },
      {
        name: 'another party: CONTRACT_SUPPLIER_DIFFERS',
        input: { supplierPartyId: 'p2' },
        codes: ['CONTRACT_SUPPLIER_DIFFERS'],
      },
      {
        name: 'due before the start: CONTRACT_PERIOD_INVALID',
        input: { dueAt: new Date('2026-03-05T16:00:00.000Z') },
        codes: ['CONTRACT_PERIOD_INVALID'],
      },
      {
        name: 'not a date: CONTRACT_PERIOD_INVALID',
        input: { startsOn: '2026-3-6' },
        codes: ['CONTRACT_PERIOD_INVALID'],
      },
      {
        name: 'signed a millisecond before the notice: SIGNED_BEFORE_AWARD',
        input: { signedAt: new Date(NOTICE.getTime() - 1) },
        codes: ['SIGNED_BEFORE_AWARD'],
      },
      {
        name: 'signed more than a minute ahead: SIGNED_IN_FUTURE',
        input: { signedAt: new Date(now.getTime() + 60_001) },
        codes: ['SIGNED_IN_FUTURE'],
      },
    ];
    for (const row of rows)
      it(row.name, () =>
        assert.deepEqual(
          contractTerms(award, { ...good, ...row.input }, now).map((v) => v.code),
          row.codes,
        ),
      );
  });

  describe('payments stay within the contract amount with its changes', () => {
    const rows: { name: string; facts: Parameters<typeof paymentCeiling>[0]; exceeds: boolean }[] = [
      {
        name: 'up to the price exactly',
        facts: { priceFen: 1000, changesFen: 0, paidFen: 400, amountFen: 600 },
        exceeds: false,
      },
      {
        name: 'one fen over',
        facts: { priceFen: 1000, changesFen: 0, paidFen: 400, amountFen: 601 },
        exceeds: true,
      },
      {
        name: 'a change raises the ceiling',
        facts: { priceFen: 1000, changesFen: 200, paidFen: 400, amountFen: 800 },
        exceeds: false,
      },
      {
        name: 'a reduction lowers it',
        facts: { priceFen: 1000, changesFen: -100, paidFen: 400, amountFen: 501 },
        exceeds: true,
      },
    ];
    for (const row of rows)
      it(row.name, () =>
        assert.deepEqual(
          paymentCeiling(row.facts).map((v) => v.code),
          row.exceeds ? ['PAYMENT_EXCEEDS_CONTRACT'] : [],
        ),
      );
  });
});
