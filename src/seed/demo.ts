import { randomBytes } from 'node:crypto';
import type { Platform } from '../compose.js';
import type { RequestContext, Role } from '../platform/auth/roles.js';
import { seedContext } from './context.js';
import { certifyCustodians, seedDemoTender } from './demo-tender.js';
import { DEMO_CUSTODIANS, keepDemoCustodianPassword } from './demo-custodian-agents.js';
import { certifyDemoBidders } from './demo-bidders.js';
import { bidOpeningSoon, publishOpeningSoon } from './demo-opening-soon.js';
import {
  bidInEvaluation,
  evaluateInEvaluation,
  openAndDrawInEvaluation,
  publishInEvaluation,
} from './demo-in-evaluation.js';
import { awardAndContract, performAwarded, publishAwarded } from './demo-awarded.js';
import { bidInPublicity, evaluateAndPublicize, publishInPublicity } from './demo-publicity.js';
import { DAY, History, isSettable } from './seed-clock.js';
import { writeDemoCustodianP12 } from './demo-custodian-p12.js';
import { seedDemoExperts } from './demo-experts.js';
import { usccCheckCharacter } from '../platform/china/uscc.js';
import type { PartyKind } from '../modules/parties/models.js';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  /** A demo custodian's PKCS#12 file and its one-time password (for a manual release on 密钥托管). */
  p12?: { file: string; password: string };
}

/** GB/T 2260: 南宁市, 柳州市柳北区, 桂林市七星区 — each company where its name says it is. */
const NANNING = '450100';
const LIUZHOU_LIUBEI = '450205';
const GUILIN_QIXING = '450305';

/** Valid by construction: the 17 given characters plus their GB 32100 check character. */
const demoUscc = (body17: string) => body17 + usccCheckCharacter(body17);

const demoParties: { kind: PartyKind; name: string; username: string; uscc: string; regionCode?: string }[] =
  [
    {
      kind: 'tenderee',
      name: '南宁市城市建设投资有限公司',
      username: 'tenderee',
      uscc: demoUscc('91450100MA5K00001'),
    },
    {
      kind: 'agency',
      name: '广西阳光招标代理有限公司',
      username: 'agency',
      uscc: demoUscc('91450100MA5K00002'),
    },
    {
      kind: 'bidder',
      name: '广西八桂建设工程有限公司',
      username: 'bidder1',
      uscc: demoUscc('91450100MA5K00003'),
    },
    {
      kind: 'bidder',
      name: '南宁邕江路桥有限公司',
      username: 'bidder2',
      uscc: demoUscc('91450100MA5K00004'),
    },
    {
      kind: 'bidder',
      name: '柳州龙城建筑集团有限公司',
      username: 'bidder3',
      uscc: demoUscc('91450200MA5K00005'),
      regionCode: LIUZHOU_LIUBEI,
    },
    {
      kind: 'bidder',
      name: '桂林漓江工程有限公司',
      username: 'bidder4',
      uscc: demoUscc('91450300MA5K00006'),
      regionCode: GUILIN_QIXING,
    },
  ];

const demoStaff: { role: Role; username: string; displayName: string }[] = [
  { role: 'custodian', username: 'custodian1', displayName: '公共资源交易中心 (key custodian)' },
  { role: 'custodian', username: 'custodian2', displayName: '监督管理部门 (key custodian)' },
  { role: 'custodian', username: 'custodian3', displayName: '公证处 (key custodian)' },
  { role: 'supervisor', username: 'supervisor', displayName: '南宁市公共资源交易监督管理局' },
];

const newPassword = () => randomBytes(12).toString('base64url');

/** How far back the demo's history starts: the accounts are made then, the oldest tender soon after. */
const HISTORY_DAYS = 75;

/**
 * On an empty database: an admin, a tenderee, an agency, four bidders (all verified), three key
 * custodians (with certificates), a supervisor and experts, then tenders at every stage, all created through
 * the services so that the audit chain records them. The platform's clock must be settable: the seed moves it
 * back HISTORY_DAYS before `realStart` (default: the clock's now) and forward step by step, oldest first, so
 * every statutory period holds, and leaves it at `realStart` (the server then hands its clock back to real time).
 * Returns the accounts with their one-time passwords; nothing is seeded when users exist.
 */

/**
 * Where the server's clock stands while the platform is composed on a first start: a day before the history,
 * so the CA and platform keys it makes are valid for every certificate the history issues.
 */
export const demoHistoryStart = (realStart: Date) => new Date(realStart.getTime() - (HISTORY_DAYS + 1) * DAY);

export async function seedDemo(platform: Platform, realStart?: Date): Promise<DemoAccount[]> {
  const { identity, parties, db, clock } = platform;
  if ((await identity.countUsers()) > 0) return [];
  if (!isSettable(clock)) throw new Error('the demo seed needs a settable clock (SeedClock)');
  const history = new History(clock, realStart ?? clock.now(), -HISTORY_DAYS * DAY);
  const seedCtx: RequestContext = { actor: null, ip: '127.0.0.1', requestId: 'demo-seed' };
  const accounts: DemoAccount[] = [];

  const adminPassword = newPassword();
  const admin = await db.transaction((t) =>
    identity.createUser(t, seedCtx, {
      username: 'admin',
      password: adminPassword,
      displayName: '平台管理员',
      role: 'admin',
      partyId: null,
    }),
  );
  accounts.push({
    username: 'admin',
    password: adminPassword,
    role: 'admin',
    displayName: admin.displayName,
  });
  const adminCtx = seedContext(admin, platform.clock);

  for (const p of demoParties) {
    const password = newPassword();
    const { party, user } = await parties.register(seedCtx, {
      party: {
        name: p.name,
        uscc: p.uscc,
        kind: p.kind,
        regionCode: p.regionCode ?? NANNING,
        contactName: '张经理',
        contactPhone: '0771-5550100',
      },
      account: { username: p.username, password, displayName: p.name },
    });
    await parties.decide(adminCtx, party.id, 'approve');
    accounts.push({ username: p.username, password, role: user.role, displayName: p.name });
  }
  for (const s of demoStaff) {
    const password = newPassword();
    await identity.createStaffUser(adminCtx, { ...s, password, partyId: null });
    if (s.role === 'custodian') keepDemoCustodianPassword(platform.config.KEYS_DIR, s.username, password);
    accounts.push({ ...s, password });
  }
  accounts.push(...(await seedDemoExperts(platform, adminCtx)));
  const custodianIds = await certifyCustodians(platform, DEMO_CUSTODIANS);
  const bidders = await certifyDemoBidders(platform);

  // The stages, oldest first (History refuses to go back).
  const awarded = await publishAwarded(platform, history, custodianIds); // day -70
  await awardAndContract(platform, history, awarded, bidders); // days -52..-33
  const publicity = await publishInPublicity(platform, history, custodianIds); // day -26
  const soon = await publishOpeningSoon(platform, history, custodianIds); // day -25
  const evaluating = await publishInEvaluation(platform, history, custodianIds); // day -23
  await performAwarded(platform, history, awarded); // days -20, -15
  await bidInPublicity(platform, history, publicity, bidders); // days -12..-9
  await bidInEvaluation(platform, history, evaluating, bidders); // days -8..-5
  await evaluateAndPublicize(platform, history, publicity); // days -4..-2
  const evaluationId = await openAndDrawInEvaluation(platform, history, evaluating); // day -1
  await bidOpeningSoon(platform, history, soon, bidders); // day -1, after that opening
  await evaluateInEvaluation(platform, history, evaluationId); // the last hours
  history.end();
  await seedDemoTender(platform, custodianIds);
  for (const account of accounts) {
    if (account.role !== 'custodian') continue;
    const { file, password } = await writeDemoCustodianP12(platform, account.username);
    account.p12 = { file, password };
  }
  return accounts;
}
