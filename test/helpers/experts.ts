import request from 'supertest';
import { idNumberCheckCharacter } from '../../src/modules/experts/id-number.js';
import { bearer, createStaff, nextUscc, type TestUser } from './api.js';
import type { TestPlatform } from './platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './tenders.js';

let sequence = 0;

/** A fresh, checksum-valid 公民身份号码: a Nanning district, a birth date, a sequence, the check character. */
export function nextIdNumber(region = '450103'): string {
  sequence += 1;
  const body = `${region}1975${String((sequence % 12) + 1).padStart(2, '0')}15${String(sequence % 1000).padStart(3, '0')}`;
  return body + idNumberCheckCharacter(body)!;
}

export interface ExpertRow {
  name: string;
  idNumber: string;
  employerUscc?: string;
  employerName?: string;
  regionCode: string;
  title: string;
  yearsOfPractice: number;
  specialties: string[];
  phone: string;
}

export function expertRow(overrides: Partial<ExpertRow> = {}): ExpertRow {
  sequence += 1;
  return {
    name: `专家${sequence}`,
    idNumber: nextIdNumber(),
    employerUscc: nextUscc(),
    employerName: `广西某设计研究院${sequence}`,
    regionCode: '450103',
    title: '高级工程师',
    yearsOfPractice: 12,
    specialties: ['A080201'],
    phone: `1380771${String(sequence % 10000).padStart(4, '0')}`,
    ...overrides,
  };
}

const COLUMNS = [
  'name',
  'idNumber',
  'employerUscc',
  'employerName',
  'regionCode',
  'title',
  'yearsOfPractice',
  'specialties',
  'phone',
] as const;

export function toCsv(rows: ExpertRow[]): string {
  const cell = (row: ExpertRow, c: (typeof COLUMNS)[number]) =>
    c === 'specialties' ? row.specialties.join(';') : String(row[c] ?? '');
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r, c)).join(','))].join('\n') + '\n';
}

export function importCsv(t: TestPlatform, admin: TestUser, rows: ExpertRow[], dryRun = false) {
  return request(t.app)
    .post(`/api/v1/expert-imports${dryRun ? '/preview' : ''}`)
    .set(bearer(admin.token))
    .set('Content-Type', 'text/csv')
    .send(toCsv(rows));
}

/** An expert in the pool with a linked login, found by ID number after an import. */
export interface PoolExpertUser extends TestUser {
  expertId: string;
  row: ExpertRow;
}

let logins = 0;
export async function expertWithLogin(
  t: TestPlatform,
  admin: TestUser,
  row: ExpertRow,
): Promise<PoolExpertUser> {
  const imported = await importCsv(t, admin, [row]);
  if (imported.status !== 200) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
  const expertId = imported.body.changes[0].expertId as string;
  logins += 1;
  const user = await createStaff(t, 'expert', `expert-login-${logins}`);
  await request(t.app)
    .put(`/api/v1/experts/${expertId}/account`)
    .set(bearer(admin.token))
    .send({ userId: user.userId })
    .expect(200);
  return { ...user, expertId, row };
}

/** A published tender (run by the agency) and a pool: `local` and `remote` experts of A080201 with logins. */
export interface DrawWorld extends TenderWorld {
  tender: {
    id: string;
    sections: { id: string }[];
    tenderee: { uscc: string };
    agency: { uscc: string } | null;
  };
  experts: PoolExpertUser[];
}

export async function drawWorld(
  t: TestPlatform,
  opts: { local?: number; remote?: number } = {},
): Promise<DrawWorld> {
  const world = await tenderWorld(t);
  const tender = await publishedTender(t, world, { agencyPartyId: world.agency.partyId! });
  const experts: PoolExpertUser[] = [];
  for (let i = 0; i < (opts.local ?? 6); i++)
    experts.push(await expertWithLogin(t, world.admin, expertRow()));
  for (let i = 0; i < (opts.remote ?? 2); i++) {
    experts.push(await expertWithLogin(t, world.admin, expertRow({ regionCode: '450203' })));
  }
  return { ...world, tender, experts };
}

export function drawBody(world: DrawWorld, overrides: Record<string, unknown> = {}) {
  return {
    sectionId: world.tender.sections[0]!.id,
    supervisorUserId: world.supervisor.userId,
    localRegionPrefix: '4501',
    slots: [{ specialty: 'A0802', count: 3, remote: 1 }],
    evaluationDate: '2026-02-20',
    place: '南宁市公共资源交易中心 3 号评标室',
    ...overrides,
  };
}

/** Requests, witnesses (with entropy) and runs a draw as the agency and the supervisor; returns the draw id. */
export async function drawnDraw(t: TestPlatform, world: DrawWorld, overrides: Record<string, unknown> = {}) {
  const created = await request(t.app)
    .post(`/api/v1/tenders/${world.tender.id}/expert-draws`)
    .set(bearer(world.agency.token))
    .send(drawBody(world, overrides))
    .expect(201);
  const id = created.body.id as string;
  await request(t.app)
    .post(`/api/v1/expert-draws/${id}/witness`)
    .set(bearer(world.supervisor.token))
    .send({ entropy: 'c0ffee' })
    .expect(200);
  await request(t.app).post(`/api/v1/expert-draws/${id}/run`).set(bearer(world.agency.token)).expect(200);
  return id;
}

/** The seated experts of a draw as its supervisor sees them. */
export async function seated(t: TestPlatform, world: DrawWorld, drawId: string) {
  const res = await request(t.app)
    .get(`/api/v1/expert-draws/${drawId}`)
    .set(bearer(world.supervisor.token))
    .expect(200);
  return (res.body.members as { expertId: string; status: string; step: number }[]).filter((m) =>
    ['invited', 'confirmed'].includes(m.status),
  );
}

export const userOf = (world: DrawWorld, expertId: string) =>
  world.experts.find((e) => e.expertId === expertId)!;
