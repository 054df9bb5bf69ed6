import { generateKeyPair, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Model, ModelStatic } from 'sequelize';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { canonicalJson, createCsr, importSigningKey, signPssWith } from '../../crypto/index.js';
import type { Evaluation, EvaluationMember } from '../../src/modules/evaluation/models.js';
import { evaluationPlanSchema, type EvaluationPlanInput } from '../../src/modules/tenders/evaluation-plan.js';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { bearer, createAdmin, createPartyUser, createStaff, login, PASSWORD, type TestUser } from './api.js';
import type { BidderKeys } from './bids.js';
import { eventually } from './eventually.js';
import { expertRow, importCsv, type ExpertRow } from './experts.js';
import { releaseShares, submitTestBid, testRunner } from './opening.js';
import type { TestPlatform } from './platform.js';
import { SOCKET_WAIT_MS, withTimeout } from './sockets.js';
import { validTender } from './tenders.js';

/*
 * The scene of an evaluation (docs/domain.md §4-§5), built through the public API the way the people involved
 * would: a published tender with one section, sealed bids, the opening at the deadline, the expert draw
 * announced, every committee member holding a key of their own and a platform certificate for it. What the
 * evaluation module then creates on its own (the consumer of opening.completed + expert-draw.announced) is
 * read with `evaluationOf`.
 */

const rsa = promisify(generateKeyPair);

/**
 * RSA key generation is the slow part of a scene; keys are made once per test process and handed out by
 * index, so within one scene every person holds a different key (a member signing with another member's
 * certificate must fail), while the next scene reuses them with new certificates.
 */
const keyPool = new Map<number, Promise<string>>();
const KEY_CACHE = join(tmpdir(), 'yangguang-test-keys-v1');
function pooledKey(index: number): Promise<string> {
  let key = keyPool.get(index);
  if (!key) {
    key = cachedKey(index);
    keyPool.set(index, key);
  }
  return key;
}

/**
 * Kept in the temporary folder between runs (owner-only), so a suite run generates each key once: they
 * are real RSA keys the platform certifies afresh in each scene, only not made again every time.
 */
async function cachedKey(index: number): Promise<string> {
  const file = join(KEY_CACHE, `${index}.pem`);
  try {
    return await readFile(file, 'utf8');
  } catch {
    const { privateKey } = await rsa('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await mkdir(KEY_CACHE, { recursive: true, mode: 0o700 });
    // Written aside and renamed, so a concurrent test process never reads half a key.
    const aside = `${file}.${process.pid}.${randomUUID()}`;
    await writeFile(aside, pem, { mode: 0o600 });
    await rename(aside, file);
    return pem;
  }
}
const CUSTODIAN_KEYS = 0;
const BIDDER_KEYS = 3;
const MEMBER_KEYS = 100;

/** A committee member's user with the key their own client holds and the platform certificate for it. */
export interface CommitteeUser extends TestUser {
  /** The pool entry, for experts; null for the tenderee's representatives. */
  expertId: string | null;
  /** The name the evaluation knows the member by (the pool entry's, or the user's display name). */
  name: string;
  keys: BidderKeys;
}

export interface SceneBid {
  bidId: string;
  priceFen: number;
  bidder: { user: TestUser; keys: BidderKeys; name: string };
  /** The files sealed in the bid, in manifest order (index = the attachment route's index). */
  attachments: { name: string; mediaType: string; bytes: Uint8Array }[];
}

export interface EvaluationSceneOptions {
  /** Sealed bids to open (default 4); at least 3, or the section fails (流标). */
  bidders?: number;
  /** Prices in fen, per bidder (default 880,000.00 CNY upwards in steps of 20,000.00). */
  prices?: number[];
  /** The section's plan (default: the one derived from the tender's criteria, 5 experts). */
  plan?: EvaluationPlanInput;
  /** The section's maximum price in fen (default 1,000,000.00 CNY); a bid above it is rejected at creation. */
  maxPriceFen?: number;
  /** Pool experts beyond the seats, left for redraws (default 3). */
  spareExperts?: number;
  /** Stop before the draw is announced (a test of the announcement's order against the opening). */
  announce?: boolean;
  /** Representatives of the tenderee (users of its party) with keys and certificates (default 0). */
  representatives?: number;
}

export interface EvaluationScene {
  t: TestPlatform;
  admin: TestUser;
  supervisor: TestUser;
  tenderee: TestUser;
  agency: TestUser;
  custodians: TestUser[];
  tender: TenderView;
  section: TenderView['sections'][number];
  bids: SceneBid[];
  drawId: string;
  /** The drawn experts who confirmed, in seat order. */
  experts: CommitteeUser[];
  /** Pool experts not drawn, with logins, keys and certificates: who a redraw may seat. */
  spares: CommitteeUser[];
  /** Users of the tenderee's party the tenderee may add as representatives (not added yet). */
  representatives: CommitteeUser[];
  /** Every user of the scene with a login, by user id: for a replacement found in the draw later. */
  users: Map<string, CommitteeUser>;
  /** Announces the draw when the scene was built with `announce: false`. */
  announce(): Promise<void>;
  /** Logs everyone in again (after the clock jumped past the sessions' lifetime). */
  relogin(): Promise<void>;
}

let scenes = 0;
/** The pool experts of earlier scenes on a platform: excluded from a later scene's draw. */
const drawnBefore = new WeakMap<TestPlatform, string[]>();
const DAY = 24 * 3600_000;

export async function evaluationScene(
  t: TestPlatform,
  opts: EvaluationSceneOptions = {},
): Promise<EvaluationScene> {
  scenes += 1;
  const n = scenes;
  const admin = await createAdmin(t, `admin-e${n}`);
  const supervisor = await createStaff(t, 'supervisor', `supervisor-e${n}`);
  const custodians: TestUser[] = [];
  const custodianKeys: BidderKeys[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await createStaff(t, 'custodian', `custodian${i + 1}-e${n}`);
    custodians.push(c);
    custodianKeys.push(await certify(t, c, CUSTODIAN_KEYS + i));
  }
  const tenderee = await createPartyUser(t, admin, 'tenderee');
  const agency = await createPartyUser(t, admin, 'agency');
  const bidderCount = opts.bidders ?? 4;
  const bidders: { user: TestUser; keys: BidderKeys }[] = [];
  for (let i = 0; i < bidderCount; i++) {
    const user = await createPartyUser(t, admin, 'bidder');
    bidders.push({ user, keys: await certify(t, user, BIDDER_KEYS + i) });
  }

  // The tender, run by the agency, its one section with the plan under test.
  const world = { admin, supervisor, tenderee, agency, bidder: bidders[0]!.user, custodians };
  const input = validTender(world, t.clock.now(), { agencyPartyId: agency.partyId! });
  input.sections = [
    {
      ...input.sections[0]!,
      ...(opts.maxPriceFen !== undefined && { maxPriceFen: opts.maxPriceFen }),
      // Parsed here only to fill the defaults the type asks for; the API parses what it is sent again.
      ...(opts.plan && { evaluationPlan: evaluationPlanSchema.parse(opts.plan) }),
    },
  ];
  const created = await request(t.app).post('/api/v1/tenders').set(bearer(tenderee.token)).send(input);
  if (created.status !== 201) throw new Error(`tender: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await request(t.app)
    .post(`/api/v1/tenders/${created.body.tender.id}/publication`)
    .set(bearer(tenderee.token));
  if (published.status !== 200)
    throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  const tender = published.body as TenderView;
  const section = tender.sections[0]!;

  // Sealed bids; the first carries a real PDF and a spreadsheet, the others one patterned attachment.
  const bids: SceneBid[] = [];
  for (let i = 0; i < bidderCount; i++) {
    const priceFen = opts.prices?.[i] ?? 88_000_000 + i * 2_000_000;
    const attachments =
      i === 0
        ? [
            { name: '技术方案.pdf', mediaType: 'application/pdf', bytes: smallPdf('Technical proposal') },
            {
              name: '报价明细.csv',
              mediaType: 'text/csv',
              bytes: new TextEncoder().encode('item,fen\nroad,' + priceFen + '\n'),
            },
          ]
        : undefined;
    const sealed = await submitTestBid(t, tender, bidders[i]!, { priceFen, attachments });
    const party = await t.platform.parties.find(bidders[i]!.user.partyId!);
    bids.push({
      bidId: sealed.bidId,
      priceFen,
      bidder: { ...bidders[i]!, name: party!.name },
      attachments: attachments ?? [
        { name: '投标文件.pdf', mediaType: 'application/pdf', bytes: patternBytes(3000) },
      ],
    });
  }

  // Past the deadline: two custodians release their shares, the opening job opens and publishes the record.
  t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
  const representatives: CommitteeUser[] = [];
  const poolUsers: CommitteeUser[] = [];
  const everyone = (): TestUser[] => [
    admin,
    supervisor,
    tenderee,
    agency,
    ...custodians,
    ...bidders.map((b) => b.user),
    ...poolUsers,
    ...representatives,
  ];
  const relogin = async () => {
    for (const u of new Set(everyone())) u.token = await login(t.app, u.username);
  };
  await relogin(); // the pool is empty yet: the people the tender had, weeks ago
  for (const i of [0, 1]) {
    const res = await releaseShares(t, tender.id, custodians[i]!, custodianKeys[i]!);
    if (res.status !== 200) throw new Error(`shares: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await testRunner(t).run();
  const status = (await t.platform.tenders.find(tender.id))!.status;
  if (status !== 'evaluating') throw new Error(`the opening left the tender ${status}, not evaluating`);

  // The pool (made after the clock's jump, so their sessions are fresh): the seats and some spares,
  // imported at once, each linked to a login of their own.
  const plan = section.evaluationPlan;
  const seats = plan.committee.experts;
  const rows: ExpertRow[] = [];
  for (let i = 0; i < seats + (opts.spareExperts ?? 3); i++) rows.push(expertRow());
  const imported = await importCsv(t, admin, rows);
  if (imported.status !== 200) throw new Error(`expert import: ${JSON.stringify(imported.body)}`);
  for (let i = 0; i < rows.length; i++) {
    const expertId = imported.body.changes[i].expertId as string;
    const user = await createStaff(t, 'expert', `expert${i + 1}-e${n}`);
    const linked = await request(t.app)
      .put(`/api/v1/experts/${expertId}/account`)
      .set(bearer(admin.token))
      .send({ userId: user.userId });
    if (linked.status !== 200) throw new Error(`expert account: ${JSON.stringify(linked.body)}`);
    poolUsers.push({ ...user, expertId, name: rows[i]!.name, keys: undefined as never });
  }

  // The draw for the section: requested, witnessed, run; every seated expert confirms.
  const evaluationDate = new Date(t.clock.now().getTime() + 8 * 3600_000 + DAY).toISOString().slice(0, 10);
  const drawReq = await request(t.app)
    .post(`/api/v1/tenders/${tender.id}/expert-draws`)
    .set(bearer(agency.token))
    .send({
      sectionId: section.id,
      supervisorUserId: supervisor.userId,
      localRegionPrefix: '4501',
      // At most 50 seats a slot: a larger committee (the benchmark's) takes several of the same specialty.
      slots: Array.from({ length: Math.ceil(seats / 50) }, (_, i) => ({
        specialty: 'A0802',
        count: Math.min(50, seats - i * 50),
        remote: 0,
      })),
      // Another scene's experts on the same platform are not this one's to draw.
      exclusions: (drawnBefore.get(t) ?? []).map((expertId) => ({ expertId, reason: '其他测试场景的专家' })),
      evaluationDate,
      place: '南宁市公共资源交易中心远程异地评标室',
    });
  if (drawReq.status !== 201) throw new Error(`draw: ${drawReq.status} ${JSON.stringify(drawReq.body)}`);
  const drawId = drawReq.body.id as string;
  await request(t.app)
    .post(`/api/v1/expert-draws/${drawId}/witness`)
    .set(bearer(supervisor.token))
    .send({ entropy: 'c0ffee' })
    .expect(200);
  const run = await request(t.app).post(`/api/v1/expert-draws/${drawId}/run`).set(bearer(agency.token));
  if (run.status !== 200) throw new Error(`draw run: ${run.status} ${JSON.stringify(run.body)}`);
  const drawn = await request(t.app)
    .get(`/api/v1/expert-draws/${drawId}`)
    .set(bearer(supervisor.token))
    .expect(200);
  const seated = (drawn.body.members as { expertId: string; status: string; step: number }[]).filter(
    (m) => m.status === 'invited',
  );
  const byExpert = new Map(poolUsers.map((u) => [u.expertId!, u]));
  const experts = seated.map((m) => byExpert.get(m.expertId)!);
  for (const e of experts) {
    const res = await request(t.app)
      .post(`/api/v1/expert-draws/${drawId}/response`)
      .set(bearer(e.token))
      .send({ decision: 'confirm' });
    if (res.status !== 200) throw new Error(`confirm: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const spares = poolUsers.filter((u) => !experts.includes(u));
  drawnBefore.set(t, [...(drawnBefore.get(t) ?? []), ...poolUsers.map((u) => u.expertId!)]);

  // Everyone who may sit on the committee gets a key of their own and a certificate for it.
  let k = MEMBER_KEYS;
  for (const u of poolUsers) u.keys = await certify(t, u, k++);
  for (let i = 0; i < (opts.representatives ?? 0); i++) {
    const rep = await createPartyUserOf(t, tenderee, `rep${i + 1}-e${n}`);
    representatives.push({
      ...rep,
      expertId: null,
      name: rep.username,
      keys: await certify(t, rep, k++),
    });
  }

  const announce = async () => {
    const res = await request(t.app)
      .post(`/api/v1/expert-draws/${drawId}/announcement`)
      .set(bearer(agency.token));
    if (res.status !== 200) throw new Error(`announce: ${res.status} ${JSON.stringify(res.body)}`);
  };
  if (opts.announce !== false) await announce();

  const users = new Map<string, CommitteeUser>();
  for (const u of [...poolUsers, ...representatives]) users.set(u.userId, u);
  return {
    t,
    admin,
    supervisor,
    tenderee,
    agency,
    custodians,
    tender,
    section,
    bids,
    drawId,
    experts,
    spares,
    representatives,
    users,
    announce,
    relogin,
  };
}

/**
 * Another user of the tenderee's own party (a representative, 业主代表): made as staff of the party through
 * the identity service, since the public registration makes one user per new party.
 */
async function createPartyUserOf(t: TestPlatform, party: TestUser, username: string): Promise<TestUser> {
  const ctx = { actor: null, ip: '127.0.0.1', requestId: 'test-setup' };
  const user = await t.platform.identity.createStaffUser(ctx, {
    username,
    password: PASSWORD,
    displayName: `业主代表 ${username}`,
    role: party.role,
    partyId: party.partyId,
  });
  return {
    token: await login(t.app, username),
    userId: user.id,
    username,
    role: party.role,
    partyId: party.partyId,
  };
}

const csrs = new Map<number, Promise<string>>();

/** A certificate for the pooled key `index` (its CSR made once per process: forge's RSA signing is slow). */
async function certify(t: TestPlatform, user: TestUser, index: number): Promise<BidderKeys> {
  const keyPem = await pooledKey(index);
  let csr = csrs.get(index);
  if (!csr) {
    csr = Promise.resolve(createCsr({ keyPem, commonName: `test-key-${index}` }));
    csrs.set(index, csr);
  }
  const res = await request(t.app)
    .post('/api/v1/certificates')
    .set(bearer(user.token))
    .send({ csrPem: await csr });
  if (res.status !== 201) throw new Error(`certificate: ${res.status} ${JSON.stringify(res.body)}`);
  return { keyPem, certPem: res.body.pem as string, serial: res.body.serial as string };
}

// --- the evaluation the platform created ---------------------------------------------------------------

type Bound<M extends Model> = ModelStatic<M>;

function evaluationModels(t: TestPlatform) {
  const models = t.platform.db.sequelize.models;
  const Evaluation = models.Evaluation as Bound<Evaluation> | undefined;
  const EvaluationMember = models.EvaluationMember as Bound<EvaluationMember> | undefined;
  if (!Evaluation || !EvaluationMember) throw new Error('the evaluation module is not registered');
  return { Evaluation, EvaluationMember };
}

/**
 * The evaluation of the tender's section, once the creation consumer has made it: drains the consumer when it
 * is registered, then waits (the consumer may be busy with an earlier pass).
 */
export async function evaluationOf(
  t: TestPlatform,
  tenderId: string,
  sectionId?: string,
): Promise<Evaluation> {
  const { Evaluation } = evaluationModels(t);
  if (t.platform.events.consumers.names().includes('evaluation-creation')) {
    await t.platform.events.consumers.drain('evaluation-creation');
  }
  return eventually(`the evaluation of tender ${tenderId}`, () =>
    Evaluation.findOne({ where: { tenderId, ...(sectionId && { sectionId }) } }),
  );
}

/** The member row of a user in an evaluation (any state). */
export async function memberOf(
  t: TestPlatform,
  evaluationId: string,
  userId: string,
): Promise<EvaluationMember> {
  const { EvaluationMember } = evaluationModels(t);
  const row = await EvaluationMember.findOne({
    where: { evaluationId, userId },
    order: [['createdAt', 'DESC']],
  });
  if (!row) throw new Error(`user ${userId} is not a member of evaluation ${evaluationId}`);
  return row;
}

export async function membersOf(t: TestPlatform, evaluationId: string): Promise<EvaluationMember[]> {
  const { EvaluationMember } = evaluationModels(t);
  return EvaluationMember.findAll({ where: { evaluationId }, order: [['createdAt', 'ASC']] });
}

// --- signing, as a member's client does ----------------------------------------------------------------

const signingKeys = new Map<string, Promise<CryptoKey>>();

/**
 * What a member's client does before a signed submission: RSA-PSS SHA-256 (salt 32) over the payload's
 * canonical JSON, with the member's own key; the certificate serial says which key.
 */
export async function sign(
  member: { keys: BidderKeys },
  payload: object,
): Promise<{ signature: string; certificateSerial: string }> {
  let key = signingKeys.get(member.keys.keyPem);
  if (!key) {
    key = importSigningKey(member.keys.keyPem);
    signingKeys.set(member.keys.keyPem, key);
  }
  return {
    signature: await signPssWith(await key, canonicalJson(payload)),
    certificateSerial: member.keys.serial,
  };
}

/** A signed step as the socket takes it: `{evaluationId, eventId, payload, signature, certificateSerial}`. */
export async function signedInput<P extends { evaluationId: string }>(
  member: { keys: BidderKeys },
  payload: P,
  eventId: string = randomUUID(),
) {
  return { evaluationId: payload.evaluationId, eventId, payload, ...(await sign(member, payload)) };
}

export function declaration(
  evaluationId: string,
  memberId: string,
  bidderNames: string[],
  opts: { conflict?: boolean; statement?: string } = {},
) {
  return {
    type: 'yangguang.evaluation.declaration/1' as const,
    evaluationId,
    memberId,
    bidders: [...bidderNames].sort(),
    conflict: opts.conflict ?? false,
    statement:
      opts.statement ??
      (opts.conflict ? '本人与投标人存在利害关系，申请回避。' : '本人与上述投标人无利害关系，承诺公正评审。'),
  };
}

export function reviewSheet(
  evaluationId: string,
  memberId: string,
  bidId: string,
  verdicts: Record<string, { pass: boolean; reason?: string }>,
) {
  const full = Object.fromEntries(
    Object.entries(verdicts).map(([key, v]) => [key, { pass: v.pass, reason: v.reason ?? '' }]),
  );
  return { type: 'yangguang.evaluation.review/1' as const, evaluationId, memberId, bidId, verdicts: full };
}

export function scoreSheet(
  evaluationId: string,
  memberId: string,
  bidId: string,
  scores: Record<string, number>,
  correction: {
    reason: 'arithmetic' | 'out-of-range' | 'objective-inconsistent' | 'extreme';
    note: string;
  } | null = null,
) {
  return { type: 'yangguang.evaluation.score/1' as const, evaluationId, memberId, bidId, scores, correction };
}

/** Every pass/fail criterion of the plan passing: a member's "this bid complies". */
export function allPass(plan: { criteria: { key: string; kind: string }[] }) {
  return Object.fromEntries(
    plan.criteria.filter((c) => c.kind === 'pass-fail').map((c) => [c.key, { pass: true }]),
  );
}

/** The typed criteria of a plan (subjective and objective, never the price), each at `share` of its points. */
export function scoresAt(
  plan: { criteria: { key: string; kind: string; group: string; points: number }[] },
  share: number,
): Record<string, number> {
  return Object.fromEntries(
    plan.criteria
      .filter((c) => c.kind !== 'pass-fail' && c.group !== 'price')
      .map((c) => [c.key, Math.round(c.points * 100 * share)]),
  );
}

// --- sockets ------------------------------------------------------------------------------------------

/** The acknowledgement of a room call: `{ok:true,...}` or `{ok:false,error}`. */
export type Ack<T = Record<string, unknown>> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string; requestId?: string } };

/** Emits a room call with its input and resolves with the acknowledgement; rejects after `ms`. */
export async function call<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  input: unknown,
  ms = SOCKET_WAIT_MS,
): Promise<Ack<T>> {
  return withTimeout(socket.emitWithAck(event, input) as Promise<Ack<T>>, event, ms);
}

// --- files -----------------------------------------------------------------------------------------------

/** A one-page PDF with a line of text, valid enough for pdf.js (objects, xref offsets, trailer). */
export function smallPdf(text: string): Uint8Array {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const content = `BT /F1 18 Tf 24 60 Td (${escaped}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** The patterned attachment bytes a default test bid seals (see opening.ts): to compare what a member reads. */
export function patternBytes(total: number): Uint8Array {
  const out = new Uint8Array(total);
  for (let i = 0; i < total; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}
