import assert from 'node:assert/strict';
import {
  deemedCollusion,
  personRoleOf,
  type DeemedCollusionFacts,
  type DepositUse,
  type NamedPerson,
  type PersonRole,
} from './deemed-collusion.js';
import { SECTION, bidder, screenTable } from './testing.js';

/** Bidder n's deposit (declared by upload event n) from this account. */
const deposit = (n: number, accountNumber: string, seq = n): DepositUse => ({
  bidId: `bid-${n}`,
  bidder: bidder(n),
  seq,
  bank: '中国工商银行南宁分行',
  accountName: `投标人${n}`,
  accountNumber,
});

const person = (n: number, role: PersonRole, name: string): NamedPerson => ({
  bidId: `bid-${n}`,
  bidder: bidder(n),
  seq: 100 + n,
  role,
  label: role === 'agent' ? '委托代理人' : '项目经理',
  name,
});

const at = (f: Omit<DeemedCollusionFacts, 'seq' | 'sectionId'>, sectionId: string | null = null) => ({
  sectionId,
  seq: 500,
  ...f,
});

screenTable(
  'deemed-collusion',
  'deposits from one account, one project manager or agent (SS Art.40)',
  deemedCollusion,
  [
    {
      name: 'two bidders’ deposits from one account',
      facts: at({
        deposits: [deposit(1, '6222 0000 1111'), deposit(2, '6222-0000-1111'), deposit(3, '6222 0000 3333')],
      }),
      expect: [['deposit:622200001111', 'critical']],
      seqs: [[1, 2, 500]],
    },
    {
      name: 'every deposit from its own account passes',
      facts: at({ deposits: [deposit(1, '6222 0000 1111'), deposit(2, '6222 0000 2222')] }),
      expect: [],
    },
    {
      name: 'one bidder paying from one account for two versions passes',
      facts: at({ deposits: [deposit(1, '6222 0000 1111', 1), deposit(1, '6222 0000 1111', 5)] }),
      expect: [],
    },
    {
      name: 'two bidders’ forms name one project manager',
      facts: at(
        { people: [person(1, 'project-manager', '张 伟'), person(2, 'project-manager', '张伟')] },
        SECTION,
      ),
      expect: [[`${SECTION}:project-manager:张伟`, 'critical']],
      seqs: [[101, 102, 500]],
    },
    {
      name: 'one name as one bidder’s agent and another’s project manager are different roles: it passes',
      facts: at({ people: [person(1, 'agent', '李娜'), person(2, 'project-manager', '李娜')] }, SECTION),
      expect: [],
    },
    {
      name: 'two bidders’ forms name one agent',
      facts: at(
        { people: [person(1, 'agent', '李娜'), person(2, 'agent', '李娜'), person(3, 'agent', '王芳')] },
        SECTION,
      ),
      expect: [[`${SECTION}:agent:李娜`, 'critical']],
    },
    {
      name: 'blank names are nobody: they pass',
      facts: at({
        people: [person(1, 'agent', ' '), person(2, 'agent', '')],
        deposits: [deposit(1, ' '), deposit(2, '-')],
      }),
      expect: [],
    },
  ],
);

describe('deemed-collusion: which bid form fields name an Art.40 person', () => {
  const rows: [key: string, label: string, type: string, role: PersonRole | null][] = [
    ['projectManager', '项目经理', 'text', 'project-manager'],
    ['pmName', '拟派项目负责人', 'text', 'project-manager'],
    ['agent', '授权代表', 'text', 'agent'],
    ['handler', '委托代理人姓名', 'text', 'agent'],
    ['contactPerson', 'Contact', 'text', 'agent'],
    ['durationDays', '工期（日历天）', 'integer', null],
    ['projectManager', '项目经理', 'integer', null],
    ['quality', '质量标准', 'text', null],
  ];
  for (const [key, label, type, role] of rows)
    it(`${key} “${label}” (${type}) → ${role ?? 'none'}`, () =>
      assert.equal(personRoleOf({ key, label, type }), role));
});
