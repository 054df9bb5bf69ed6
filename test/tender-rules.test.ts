import assert from 'node:assert/strict';
import { cancellationReason } from '../src/modules/tenders/rules/cancellation-reason.js';
import { deadlineAfterClarification } from '../src/modules/tenders/rules/clarification-deadline.js';
import { custodiansValid } from '../src/modules/tenders/rules/custodians.js';
import { depositCap } from '../src/modules/tenders/rules/deposit-cap.js';
import { documentsAvailability } from '../src/modules/tenders/rules/documents-availability.js';
import { checkTender, publicationRules } from '../src/modules/tenders/rules/index.js';
import { maxPricePresent } from '../src/modules/tenders/rules/max-price.js';
import { objectionAnswerDue, objectionWindow } from '../src/modules/tenders/rules/objection-window.js';
import type {
  CustodianFacts,
  ScheduleFacts,
  SectionFacts,
  TenderFacts,
  TenderRule,
  Violation,
} from '../src/modules/tenders/rules/rule.js';
import { scheduleOrder } from '../src/modules/tenders/rules/schedule-order.js';
import { tenderPeriod } from '../src/modules/tenders/rules/tender-period.js';

/**
 * One fixture table per rule (cardinal-rs style): each row is a case name, the facts that differ from a tender
 * that passes everything, the time of the check, and the violations expected as [code, field] (optionally a
 * pattern the message must match), in the order the rule reports them. Pure functions, no I/O.
 */
const DAY = 24 * 3600_000;
const NOW = new Date('2026-03-02T04:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

const custodian = (userId: string, overrides: Partial<CustodianFacts> = {}): CustodianFacts => ({
  userId,
  role: 'custodian',
  hasValidCertificate: true,
  ...overrides,
});
const THREE = [custodian('c1'), custodian('c2'), custodian('c3')];

/** Documents from now for 7 days, clarifications until day 10, bids due on day 25, one section at 1.5% deposit. */
function facts(
  overrides: {
    schedule?: Partial<ScheduleFacts>;
    sections?: SectionFacts[];
    custodians?: Partial<TenderFacts['custodians']>;
  } = {},
): TenderFacts {
  return {
    schedule: {
      documentsFrom: at(0),
      documentsTo: at(7 * DAY),
      clarificationDeadline: at(10 * DAY),
      bidDeadline: at(25 * DAY),
      ...overrides.schedule,
    },
    sections: overrides.sections ?? [
      { maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 13_500_00 },
    ],
    custodians: { threshold: 2, members: THREE, ...overrides.custodians },
  };
}

type Expected = [code: string, field: string, message?: RegExp];
interface Row {
  name: string;
  facts: TenderFacts;
  now?: Date;
  expect: Expected[];
  /** Parameters the (single) violation must carry. */
  params?: Record<string, unknown>;
}

function runTable(rule: TenderRule, rows: Row[]) {
  for (const row of rows) {
    it(row.name, () => {
      const before = structuredClone(row.facts);
      const violations = rule(row.facts, row.now ?? NOW);
      assert.deepEqual(
        violations.map((v) => [v.code, v.field]),
        row.expect.map(([code, field]) => [code, field]),
      );
      row.expect.forEach(([, , message], i) => {
        assert.ok(violations[i]!.message.length > 0, 'every violation says what is wrong');
        if (message) assert.match(violations[i]!.message, message);
      });
      if (row.params) assert.deepEqual(violations[0]?.params, row.params);
      assert.deepEqual(row.facts, before, 'a rule never changes its facts');
    });
  }
}

describe('tender rules (pure, one fixture table per rule)', () => {
  describe('the baseline tender passes every publication rule', () => {
    it('checkTender finds nothing', () => {
      assert.deepEqual(checkTender(facts(), NOW), []);
    });

    it('publication runs exactly the six rules, and checkTender reports each rule’s findings in that order', () => {
      assert.deepEqual(
        publicationRules.map((r) => r.name),
        [
          'scheduleOrder',
          'tenderPeriod',
          'documentsAvailability',
          'maxPricePresent',
          'depositCap',
          'custodiansValid',
        ],
      );
      const broken = facts({
        schedule: { documentsTo: at(0), bidDeadline: at(DAY), clarificationDeadline: at(2 * DAY) },
        sections: [{ maxPriceFen: null, estimatedPriceFen: 100, depositFen: 3 }],
        custodians: { threshold: 1, members: THREE.slice(0, 2) },
      });
      assert.deepEqual(
        checkTender(broken, NOW).map((v) => v.code),
        [
          'SCHEDULE_OUT_OF_ORDER',
          'SCHEDULE_OUT_OF_ORDER',
          'TENDER_PERIOD_TOO_SHORT',
          'DOCUMENTS_PERIOD_TOO_SHORT',
          'MAX_PRICE_MISSING',
          'DEPOSIT_OVER_CAP',
          'CUSTODIANS_INVALID',
          'CUSTODIANS_INVALID',
        ],
      );
    });
  });

  describe('tenderPeriod: ≥ 20 days from first issue of the documents to the bid deadline (ZB Art.24)', () => {
    runTable(tenderPeriod, [
      {
        name: 'exactly 20 days passes',
        facts: facts({ schedule: { bidDeadline: at(20 * DAY) } }),
        expect: [],
      },
      {
        name: '20 days minus 1 ms fails',
        facts: facts({ schedule: { bidDeadline: at(20 * DAY - 1) } }),
        expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
        params: { minDays: 20, actualDays: 19.99 },
      },
      {
        name: 'documents issued in the past count from now: 25 days since issue but 20 days minus 1 ms left fails',
        facts: facts({ schedule: { documentsFrom: at(-5 * DAY), bidDeadline: at(20 * DAY - 1) } }),
        expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
        params: { minDays: 20, actualDays: 19.99 },
      },
      {
        name: 'documents issued in the past, exactly 20 days left passes',
        facts: facts({ schedule: { documentsFrom: at(-5 * DAY), bidDeadline: at(20 * DAY) } }),
        expect: [],
      },
      {
        name: 'documents issued later count from their issue: 19 days after it fails',
        facts: facts({ schedule: { documentsFrom: at(3 * DAY), bidDeadline: at(22 * DAY) } }),
        expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
        params: { minDays: 20, actualDays: 19 },
      },
      {
        name: 'documents issued later, exactly 20 days after issue passes',
        facts: facts({ schedule: { documentsFrom: at(3 * DAY), bidDeadline: at(23 * DAY) } }),
        expect: [],
      },
      {
        name: 'the same schedule checked 1 ms later fails (the period shrinks as time passes)',
        facts: facts({ schedule: { bidDeadline: at(20 * DAY) } }),
        now: at(1),
        expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
      },
      {
        name: 'a deadline already past fails with a negative period',
        facts: facts({ schedule: { documentsFrom: at(-30 * DAY), bidDeadline: at(-DAY) } }),
        expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
        params: { minDays: 20, actualDays: -1 },
      },
    ]);
  });

  describe('documentsAvailability: documents on offer ≥ 5 days (SS Art.16)', () => {
    runTable(documentsAvailability, [
      { name: 'exactly 5 days passes', facts: facts({ schedule: { documentsTo: at(5 * DAY) } }), expect: [] },
      {
        name: '5 days minus 1 ms fails',
        facts: facts({ schedule: { documentsTo: at(5 * DAY - 1) } }),
        expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
        params: { minDays: 5, actualDays: 4.99 },
      },
      {
        name: 'counted from now when the documents were issued earlier: 7 days in all, 4 left, fails',
        facts: facts({ schedule: { documentsFrom: at(-3 * DAY), documentsTo: at(4 * DAY) } }),
        expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
        params: { minDays: 5, actualDays: 4 },
      },
      {
        name: 'counted from the issue when it is later: issue on day 2, until day 7, passes',
        facts: facts({ schedule: { documentsFrom: at(2 * DAY), documentsTo: at(7 * DAY) } }),
        expect: [],
      },
      {
        name: 'issue on day 2, until day 7 minus 1 ms, fails',
        facts: facts({ schedule: { documentsFrom: at(2 * DAY), documentsTo: at(7 * DAY - 1) } }),
        expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
      },
      {
        name: 'an end before the start fails',
        facts: facts({ schedule: { documentsTo: at(-DAY) } }),
        expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
        params: { minDays: 5, actualDays: -1 },
      },
    ]);
  });

  describe('scheduleOrder: documents from < to ≤ bid deadline; documentsFrom ≤ clarification < bid deadline', () => {
    const rows: Row[] = [
      { name: 'the baseline schedule is in order', facts: facts(), expect: [] },
      {
        name: 'documents until the bid deadline itself is allowed',
        facts: facts({ schedule: { documentsTo: at(25 * DAY) } }),
        expect: [],
      },
      {
        name: 'documents on offer 1 ms past the bid deadline',
        facts: facts({ schedule: { documentsTo: at(25 * DAY + 1) } }),
        expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /after the bid deadline/]],
      },
      {
        name: 'documents end the instant they start',
        facts: facts({ schedule: { documentsTo: at(0) } }),
        expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /until after they are issued/]],
      },
      {
        name: 'documents end 1 ms after they start (in order; the 5-day rule is another rule)',
        facts: facts({ schedule: { documentsTo: at(1) } }),
        expect: [],
      },
      {
        name: 'clarification deadline 1 ms before the bid deadline is allowed',
        facts: facts({ schedule: { clarificationDeadline: at(25 * DAY - 1) } }),
        expect: [],
      },
      {
        name: 'clarification deadline at the bid deadline',
        facts: facts({ schedule: { clarificationDeadline: at(25 * DAY) } }),
        expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the bid deadline/]],
      },
      {
        name: 'clarification deadline at the first issue of the documents is allowed',
        facts: facts({ schedule: { clarificationDeadline: at(0) } }),
        expect: [],
      },
      {
        name: 'clarification deadline 1 ms before the documents are issued',
        facts: facts({ schedule: { clarificationDeadline: at(-1) } }),
        expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the documents/]],
      },
      {
        name: 'everything backwards reports each broken order',
        facts: facts({
          schedule: {
            documentsFrom: at(10 * DAY),
            documentsTo: at(9 * DAY),
            clarificationDeadline: at(8 * DAY),
            bidDeadline: at(7 * DAY),
          },
        }),
        expect: [
          ['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /until after they are issued/],
          ['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /after the bid deadline/],
          ['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the bid deadline/],
          ['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the documents/],
        ],
      },
      {
        name: 'order does not depend on the time of the check',
        facts: facts(),
        now: at(100 * DAY),
        expect: [],
      },
    ];
    runTable(scheduleOrder, rows);
  });

  describe('depositCap: bid deposit ≤ 2% of the estimated price, per section, in integer fen (SS Art.26)', () => {
    const section = (estimatedPriceFen: number, depositFen: number): SectionFacts => ({
      maxPriceFen: estimatedPriceFen + 1,
      estimatedPriceFen,
      depositFen,
    });
    runTable(depositCap, [
      { name: 'exactly 2% passes', facts: facts({ sections: [section(900_000_00, 18_000_00)] }), expect: [] },
      {
        name: '1 fen over 2% fails, naming the cap in fen',
        facts: facts({ sections: [section(900_000_00, 18_000_01)] }),
        expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
        params: { maxFen: 18_000_00 },
      },
      {
        name: 'a cap that is not whole fen rounds down: 2% of 12 345 fen is 246.9, so 246 passes',
        facts: facts({ sections: [section(12_345, 246)] }),
        expect: [],
      },
      {
        name: '247 fen on 12 345 fen fails with a cap of 246',
        facts: facts({ sections: [section(12_345, 247)] }),
        expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
        params: { maxFen: 246 },
      },
      { name: 'no deposit passes', facts: facts({ sections: [section(900_000_00, 0)] }), expect: [] },
      {
        name: 'any deposit on a zero estimate fails',
        facts: facts({ sections: [section(0, 1)] }),
        expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
        params: { maxFen: 0 },
      },
      {
        name: 'each section on its own: only the second, over its cap, is named',
        facts: facts({ sections: [section(100_00, 2_00), section(100_00, 2_01), section(50_00, 1_00)] }),
        expect: [['DEPOSIT_OVER_CAP', 'sections.1.depositFen']],
        params: { maxFen: 2_00 },
      },
      {
        name: 'large amounts stay exact: 2% of 9 000 000 000 000 fen, plus 1 fen, fails',
        facts: facts({ sections: [section(9_000_000_000_000, 180_000_000_001)] }),
        expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
      },
    ]);
  });

  describe('maxPricePresent: every section states a maximum price (最高投标限价) not below its estimate (SS Art.51)', () => {
    const section = (maxPriceFen: number | null, estimatedPriceFen = 100_00): SectionFacts => ({
      maxPriceFen,
      estimatedPriceFen,
      depositFen: 0,
    });
    runTable(maxPricePresent, [
      {
        name: 'a maximum above the estimate passes',
        facts: facts({ sections: [section(200_00)] }),
        expect: [],
      },
      {
        name: 'an estimate equal to the maximum passes',
        facts: facts({ sections: [section(100_00)] }),
        expect: [],
      },
      {
        name: 'an estimate 1 fen above the maximum fails',
        facts: facts({ sections: [section(100_00, 100_01)] }),
        expect: [['ESTIMATE_ABOVE_MAX_PRICE', 'sections.0.estimatedPriceFen']],
      },
      {
        name: 'no maximum price',
        facts: facts({ sections: [section(null)] }),
        expect: [['MAX_PRICE_MISSING', 'sections.0.maxPriceFen']],
      },
      {
        name: 'a maximum price of zero counts as missing',
        facts: facts({ sections: [section(0, 0)] }),
        expect: [['MAX_PRICE_MISSING', 'sections.0.maxPriceFen']],
      },
      {
        name: 'each section is named by its position',
        facts: facts({ sections: [section(200_00), section(null), section(50_00)] }),
        expect: [
          ['MAX_PRICE_MISSING', 'sections.1.maxPriceFen'],
          ['ESTIMATE_ABOVE_MAX_PRICE', 'sections.2.estimatedPriceFen'],
        ],
      },
    ]);
  });

  describe('custodiansValid: n ≥ 3 distinct key custodians with valid certificates, 2 ≤ k ≤ n', () => {
    const with_ = (threshold: number, members: CustodianFacts[]) =>
      facts({ custodians: { threshold, members } });
    runTable(custodiansValid, [
      { name: 'n=3 k=2 passes', facts: with_(2, THREE), expect: [] },
      { name: 'n=3 k=3 passes', facts: with_(3, THREE), expect: [] },
      {
        name: 'n=5 k=3 passes',
        facts: with_(3, [...THREE, custodian('c4'), custodian('c5')]),
        expect: [],
      },
      {
        name: 'n=3 k=1 fails on the threshold',
        facts: with_(1, THREE),
        expect: [['CUSTODIANS_INVALID', 'custodians.threshold']],
        params: { threshold: 1, n: 3 },
      },
      {
        name: 'n=3 k=4 fails on the threshold',
        facts: with_(4, THREE),
        expect: [['CUSTODIANS_INVALID', 'custodians.threshold']],
        params: { threshold: 4, n: 3 },
      },
      {
        name: 'n=2 k=2 fails on the number of custodians',
        facts: with_(2, THREE.slice(0, 2)),
        expect: [['CUSTODIANS_INVALID', 'custodians.userIds', /At least 3/]],
        params: { n: 2 },
      },
      {
        name: 'n=2 k=3 fails on both',
        facts: with_(3, THREE.slice(0, 2)),
        expect: [
          ['CUSTODIANS_INVALID', 'custodians.userIds', /At least 3/],
          ['CUSTODIANS_INVALID', 'custodians.threshold'],
        ],
      },
      {
        name: 'nobody named fails on both',
        facts: with_(2, []),
        expect: [
          ['CUSTODIANS_INVALID', 'custodians.userIds', /At least 3/],
          ['CUSTODIANS_INVALID', 'custodians.threshold'],
        ],
      },
      {
        name: 'a custodian named twice (three names, two people)',
        facts: with_(2, [custodian('c1'), custodian('c2'), custodian('c1')]),
        expect: [['CUSTODIANS_INVALID', 'custodians.userIds', /named twice/]],
      },
      {
        name: 'a user who is not a custodian, named by position',
        facts: with_(2, [custodian('c1'), custodian('b1', { role: 'bidder' }), custodian('c3')]),
        expect: [['CUSTODIANS_INVALID', 'custodians.userIds.1', /not a key custodian/]],
      },
      {
        name: 'a user who does not exist (no role)',
        facts: with_(2, [custodian('c1'), custodian('c2'), custodian('x', { role: null })]),
        expect: [['CUSTODIANS_INVALID', 'custodians.userIds.2', /not a key custodian/]],
      },
      {
        name: 'a custodian without a valid certificate',
        facts: with_(2, [custodian('c1', { hasValidCertificate: false }), custodian('c2'), custodian('c3')]),
        expect: [['CUSTODIANS_INVALID', 'custodians.userIds.0', /no valid certificate/]],
      },
      {
        name: 'a non-custodian without a certificate is named once, for the role',
        facts: with_(2, [
          custodian('c1'),
          custodian('c2'),
          custodian('e1', { role: 'expert', hasValidCertificate: false }),
        ]),
        expect: [['CUSTODIANS_INVALID', 'custodians.userIds.2', /not a key custodian/]],
      },
    ]);
  });

  describe('cancellationReason: a cancellation states a reason (DOMAIN.md §8)', () => {
    const rows: [name: string, reason: string | undefined, ok: boolean][] = [
      ['no reason', undefined, false],
      ['an empty reason', '', false],
      ['only spaces', '    ', false],
      ['one character, however padded', '  撤  ', false],
      ['two characters', '撤销', true],
      ['two characters padded with spaces', '  ab  ', true],
      ['a sentence', '项目资金未落实，招标人决定终止招标。', true],
    ];
    for (const [name, reason, ok] of rows) {
      it(`${name}: ${ok ? 'accepted' : 'CANCELLATION_REASON_REQUIRED on reason'}`, () => {
        assert.deepEqual(
          cancellationReason(reason).map((v: Violation) => [v.code, v.field]),
          ok ? [] : [['CANCELLATION_REASON_REQUIRED', 'reason']],
        );
      });
    }
  });

  describe('deadlineAfterClarification: ≥ 15 days notice, else the deadline moves out (ZB Art.23, SS Art.21)', () => {
    const deadline = at(30 * DAY);
    const rows: [name: string, issuedAt: Date, expected: { bidDeadline: Date; moved: boolean }][] = [
      ['issued exactly 15 days before: kept', at(15 * DAY), { bidDeadline: deadline, moved: false }],
      ['issued 20 days before: kept', at(10 * DAY), { bidDeadline: deadline, moved: false }],
      [
        'issued 1 ms later than 15 days before: moves to issuedAt + 15 days',
        at(15 * DAY + 1),
        { bidDeadline: at(30 * DAY + 1), moved: true },
      ],
      [
        'issued 1 day before: moves to issuedAt + 15 days',
        at(29 * DAY),
        { bidDeadline: at(44 * DAY), moved: true },
      ],
      [
        'issued after the deadline: moves to issuedAt + 15 days',
        at(31 * DAY),
        { bidDeadline: at(46 * DAY), moved: true },
      ],
    ];
    for (const [name, issuedAt, expected] of rows) {
      it(name, () => {
        const result = deadlineAfterClarification(deadline, issuedAt);
        assert.deepEqual(result, expected);
        assert.equal(deadline.getTime(), at(30 * DAY).getTime(), 'the input deadline is not changed');
      });
    }
  });

  describe('objectionWindow / objectionAnswerDue: objections ≥ 10 days before the deadline, answered in 3 (SS Art.22)', () => {
    const deadline = at(30 * DAY);
    const closedAt = at(20 * DAY).toISOString();
    const rows: [name: string, raisedAt: Date, late: boolean][] = [
      ['raised 25 days before: in time', at(5 * DAY), false],
      ['raised exactly 10 days before: in time', at(20 * DAY), false],
      ['raised 10 days minus 1 ms before: too late', at(20 * DAY + 1), true],
      ['raised on the deadline: too late', deadline, true],
      ['raised after the deadline: too late', at(31 * DAY), true],
    ];
    for (const [name, raisedAt, late] of rows) {
      it(name, () => {
        const violations = objectionWindow(deadline, raisedAt);
        if (!late) return assert.deepEqual(violations, []);
        assert.deepEqual(
          violations.map((v) => [v.code, v.field]),
          [['OBJECTION_TOO_LATE', 'content']],
        );
        assert.deepEqual(violations[0]?.params, { closedAt });
      });
    }

    const due: [name: string, raisedAt: Date, dueAt: string][] = [
      ['3 days to the millisecond', at(0), at(3 * DAY).toISOString()],
      ['across a month end', new Date('2026-02-27T15:59:59.999Z'), '2026-03-02T15:59:59.999Z'],
      ['across a year end', new Date('2025-12-30T20:00:00.000Z'), '2026-01-02T20:00:00.000Z'],
    ];
    for (const [name, raisedAt, dueAt] of due) {
      it(`answer due: ${name}`, () => {
        assert.equal(objectionAnswerDue(raisedAt).toISOString(), dueAt);
      });
    }
  });
});
