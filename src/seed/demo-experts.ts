import { randomBytes } from 'node:crypto';
import type { Platform } from '../compose.js';
import type { RequestContext } from '../platform/auth/roles.js';
import { idNumberCheckCharacter } from '../modules/experts/id-number.js';
import { usccCheckCharacter } from '../platform/china/uscc.js';
import type { DemoAccount } from './demo.js';

/** Valid by construction: a district, a birth date, a sequence and the GB 11643 check character. */
const demoIdNumber = (region: string, birth: string, seq: number) => {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return body + idNumberCheckCharacter(body)!;
};
const demoUscc = (body17: string) => body17 + usccCheckCharacter(body17)!;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱'];
const GIVEN = [
  '建国',
  '海燕',
  '志强',
  '丽华',
  '文博',
  '晓峰',
  '秀英',
  '国平',
  '振宇',
  '佳琪',
  '明辉',
  '春梅',
  '立新',
  '雪松',
];
/** Codes of the shipped national catalog (expert-pool/catalog/catalog.csv), most under A0802 市政工程. */
const SPECIALTIES = [
  ['A080201'], // 道路工程
  ['A080202'], // 桥梁工程
  ['A0802', 'A0602'], // 市政工程, 工程造价 · 安装工程
  ['A080101'], // 土石方工程
  ['A0601', 'A0602'], // 工程造价 · 土建工程, 安装工程
  ['A080301'], // 公路 · 路基工程、路面工程
];
/** Nanning districts (local for the demo tender) and two other Guangxi cities (异地). */
const REGIONS = ['450102', '450103', '450105', '450107', '450203', '450304'];

/** Experts whose one-time passwords are printed with the demo accounts; the others sit on the seeded committees. */
const PRINTED_EXPERTS = 3;

/**
 * Fourteen experts across road, bridge, earthworks, highway and cost specialties, half local to Nanning, each
 * with a login (expert1..14) so the draws of the seeded history can seat them (a drawn expert without one is
 * not seated). The first three are printed with the other demo accounts to answer draw invitations; the
 * others' passwords are thrown away (an admin can reset one).
 */
export async function seedDemoExperts(platform: Platform, adminCtx: RequestContext): Promise<DemoAccount[]> {
  const { experts: pool, identity } = platform;
  const rows = SURNAMES.map((surname, i) => ({
    name: surname + GIVEN[i]!,
    idNumber: demoIdNumber(REGIONS[i % REGIONS.length]!, `19${70 + i}0${(i % 9) + 1}1${i % 10}`, 100 + i),
    employerUscc: demoUscc(`91450100MA5K1${String(i).padStart(4, '0')}`),
    employerName: `广西第${i + 1}建筑设计研究院有限公司`,
    regionCode: REGIONS[i % REGIONS.length]!,
    title: i % 3 === 0 ? '正高级工程师' : '高级工程师',
    yearsOfPractice: 8 + i,
    specialties: SPECIALTIES[i % SPECIALTIES.length]!,
    phone: `1387710${String(1000 + i)}`,
  }));
  const imported = await pool.experts.import(adminCtx, { format: 'json', body: rows }, false);
  const accounts: DemoAccount[] = [];
  for (const [i, change] of imported.changes.entries()) {
    const username = `expert${i + 1}`;
    const password = randomBytes(12).toString('base64url');
    const displayName = rows[i]!.name;
    const user = await identity.createStaffUser(adminCtx, {
      username,
      password,
      displayName,
      role: 'expert',
      partyId: null,
    });
    await pool.experts.linkAccount(adminCtx, change.expertId, user.id);
    if (i < PRINTED_EXPERTS) accounts.push({ username, password, role: 'expert', displayName });
  }
  return accounts;
}
