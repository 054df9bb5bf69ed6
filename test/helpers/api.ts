import type { Express } from 'express';
import request from 'supertest';
import type { Role } from '../../src/platform/auth/roles.js';
import type { PartyKind } from '../../src/modules/parties/models.js';
import { usccCheckCharacter } from '../../src/platform/china/uscc.js';
import type { TestPlatform } from './platform.js';

export const PASSWORD = 'correct-horse-battery';

let counter = 0;
/** A fresh, checksum-valid 统一社会信用代码 for each call. */
export function nextUscc(): string {
  counter += 1;
  const body = `91450100MA${String(counter).padStart(7, '0')}`;
  return body + usccCheckCharacter(body);
}

export function registration(
  kind: PartyKind = 'bidder',
  overrides: { name?: string; username?: string } = {},
) {
  counter += 1;
  return {
    party: {
      name: overrides.name ?? `测试${kind}企业${counter}有限公司`,
      uscc: nextUscc(),
      kind,
      regionCode: '450100',
      contactName: '李工',
      contactPhone: '0771-5550123',
      contactEmail: `contact${counter}@example.cn`,
    },
    account: {
      username: overrides.username ?? `${kind}${counter}`,
      password: PASSWORD,
      displayName: `${kind} ${counter}`,
    },
  };
}

export async function login(app: Express, username: string, password = PASSWORD): Promise<string> {
  const res = await request(app).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export interface TestUser {
  token: string;
  userId: string;
  username: string;
  role: Role;
  partyId: string | null;
}

/** An admin made directly through the service (the first admin has no one to create it). */
export async function createAdmin(t: TestPlatform, username = 'root'): Promise<TestUser> {
  return createStaff(t, 'admin', username);
}

export async function createStaff(t: TestPlatform, role: Role, username: string): Promise<TestUser> {
  const ctx = { actor: null, ip: '127.0.0.1', requestId: 'test-setup' };
  const user = await t.platform.identity.createStaffUser(ctx, {
    username,
    password: PASSWORD,
    displayName: username,
    role,
    partyId: null,
  });
  return { token: await login(t.app, username), userId: user.id, username, role, partyId: null };
}

/** Registers a party through the public API and, unless told otherwise, has the admin verify it. */
export async function createPartyUser(
  t: TestPlatform,
  admin: TestUser,
  kind: PartyKind,
  opts: { verify?: boolean } = {},
): Promise<TestUser> {
  const body = registration(kind);
  const res = await request(t.app).post('/api/v1/parties').send(body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  const partyId = res.body.party.id as string;
  if (opts.verify !== false) {
    await request(t.app)
      .post(`/api/v1/parties/${partyId}/verification`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ decision: 'approve' })
      .expect(200);
  }
  const username = body.account.username;
  return {
    token: await login(t.app, username),
    userId: res.body.user.id,
    username,
    role: res.body.user.role,
    partyId,
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
