import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, type Bidder, type Finding } from './finding.js';

/** The account a bid deposit was paid from, as the bidder's upload declared it (X-Deposit-Account). */
export interface DepositUse {
  bidId: string;
  bidder: Bidder;
  /** The upload event that declared it. */
  seq: number;
  bank: string;
  accountName: string;
  accountNumber: string;
}

/** The people of SS Art.40 a bid form can name. */
export type PersonRole = 'project-manager' | 'agent';

/** A person an opened bid's form names in a field of one of those roles. */
export interface NamedPerson {
  bidId: string;
  bidder: Bidder;
  /** The upload event of the version that was opened, when the stream has it. */
  seq: number | null;
  role: PersonRole;
  /** The form field's label, for people reading the alert. */
  label: string;
  name: string;
}

/**
 * What the platform sees of SS Art.40's deemed collusion beyond devices, files and prices: the deposits'
 * accounts (at the deadline, tender-wide) and the people the opened bid forms name (per section).
 */
export interface DeemedCollusionFacts {
  sectionId: string | null;
  /** The event that made them known (tender.bidding-closed, opening.record-published). */
  seq: number;
  deposits?: DepositUse[];
  people?: NamedPerson[];
}

/**
 * Which Art.40 person a bid form field asks for, by its key or its label (the tender names its own
 * fields): the project manager (Art.40 (三)), or the agent or contact handling the bid (Art.40 (二)).
 */
export function personRoleOf(field: { key: string; label: string; type: string }): PersonRole | null {
  if (field.type !== 'text') return null;
  if (
    /^(projectManager|projectLeader|pm)$/i.test(field.key) ||
    /项目经理|项目负责人|总监理工程师/.test(field.label)
  )
    return 'project-manager';
  if (
    /^(agent|authori[sz]edAgent|contact|contactPerson|contactName)$/i.test(field.key) ||
    /代理人|授权代表|联系人|经办人/.test(field.label)
  )
    return 'agent';
  return null;
}

/** An account number as banks print it, spaces and dashes aside. */
const accountKey = (n: string) => n.replace(/[\s-]/g, '').toUpperCase();
const personKey = (n: string) => n.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const ROLE_WORDS: Record<PersonRole, string> = {
  'project-manager': 'project manager',
  agent: 'agent',
};

/**
 * deemed-collusion: the facts SS Art.40 deems collusion that the platform can see, each critical:
 * - `deposit`: the deposits of two or more bidders paid from one account (Art.40 (六));
 * - `project-manager`: two or more bidders' forms name one project manager (Art.40 (三));
 * - `agent`: two or more bidders' forms name one agent or contact person (Art.40 (二)).
 */
export const deemedCollusion: Rule<DeemedCollusionFacts, Finding, unknown> = ({
  sectionId,
  seq,
  deposits = [],
  people = [],
}) => {
  const findings: Finding[] = [];
  const byAccount = new Map<string, DepositUse[]>();
  for (const d of deposits) {
    const key = accountKey(d.accountNumber);
    if (key) byAccount.set(key, [...(byAccount.get(key) ?? []), d]);
  }
  for (const account of [...byAccount.keys()].sort()) {
    const uses = byAccount.get(account)!;
    const bidders = biddersOf(uses);
    if (bidders.length < 2) continue;
    const { bank, accountName } = uses[0]!;
    findings.push({
      indicator: 'deemed-collusion',
      severity: 'critical',
      sectionId,
      identity: `deposit:${account}`,
      summary:
        `The deposits of ${bidders.length} bidders were paid from one account ` +
        `(${bank}, ${accountName}, ${uses[0]!.accountNumber}): ${namesOf(bidders)}`,
      seqs: seqsOf([...uses.map((u) => u.seq), seq]),
      details: { kind: 'deposit', bank, accountName, accountNumber: uses[0]!.accountNumber, bidders },
    });
  }
  const byPerson = new Map<string, NamedPerson[]>();
  for (const p of people) {
    const key = personKey(p.name);
    if (key) byPerson.set(`${p.role}:${key}`, [...(byPerson.get(`${p.role}:${key}`) ?? []), p]);
  }
  for (const key of [...byPerson.keys()].sort()) {
    const named = byPerson.get(key)!;
    const bidders = biddersOf(named);
    if (bidders.length < 2) continue;
    const { role, name, label } = named[0]!;
    findings.push({
      indicator: 'deemed-collusion',
      severity: 'critical',
      sectionId,
      identity: `${sectionId ?? 'tender'}:${key}`,
      summary: `${bidders.length} bidders name one ${ROLE_WORDS[role]} (${label}: ${name.trim()}): ${namesOf(bidders)}`,
      seqs: seqsOf([...named.map((p) => p.seq), seq]),
      details: { kind: role, label, name: name.trim(), bidders, bidIds: named.map((p) => p.bidId) },
    });
  }
  return findings;
};
