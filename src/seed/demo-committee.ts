// DEMO ARRANGEMENT. The seeded history's openings and committees: what the custodians' agents, the agency,
// the supervisor and the drawn experts' clients do, done in the seed's name through the same services. Each
// expert signs with a key of their own (made once, kept owner-only beside the custodians' keys).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, createCsr, importSigningKey, signPssWith } from '../../crypto/index.js';
import type { Platform } from '../compose.js';
import type { RequestContext } from '../platform/auth/roles.js';
import { JobRunner } from '../platform/jobs/index.js';
import type { TenderView } from '../modules/tenders/schemas.js';
import type { User } from '../modules/identity/models.js';
import { seedContext } from './context.js';
import { DEMO_CUSTODIANS } from './demo-custodian-agents.js';
import { releaseDemoShares } from './demo-shares.js';
import { DAY, HOUR, type History } from './seed-clock.js';

/** Five drawn experts, no representative: the seeded committees are all the demo's experts. */
export const FIVE_EXPERTS = { size: 5, experts: 5, representatives: 0 };

const userNamed = async (platform: Platform, username: string) =>
  (await platform.models.User.findOne({ where: { username } }))!;

/** Due jobs run to the end, as the server's runner would; the lease is given back for the next runner. */
async function runDueJobs(platform: Platform): Promise<void> {
  const runner = new JobRunner(platform.jobs, platform, { holder: 'demo-seed' });
  try {
    for (;;) {
      const { started } = await runner.tick();
      await runner.drain();
      if (started.length === 0) return;
    }
  } finally {
    await runner.stop();
  }
}

/**
 * The opening at `offsetMs` (after the deadline): the job freezes the bids, the three custodians release (two
 * would do; the third too, or its agent would keep asking for an opening it never answered), it opens.
 */
export async function openInHistory(
  platform: Platform,
  history: History,
  tender: TenderView,
  offsetMs: number,
) {
  history.at(offsetMs);
  await runDueJobs(platform);
  for (const custodian of DEMO_CUSTODIANS) await releaseDemoShares(platform, tender.id, custodian);
  await runDueJobs(platform);
  const status = (await platform.tenders.find(tender.id))!.status;
  if (status !== 'evaluating') throw new Error(`demo seed: ${tender.title} is ${status} after its opening`);
}

/**
 * The section's expert draw, the day after the opening: requested by the agency, witnessed by the supervisor,
 * run, confirmed by every invited expert and announced; the evaluation module then creates the evaluation.
 * Returns its id.
 */
export async function drawCommittee(
  platform: Platform,
  history: History,
  tender: TenderView,
): Promise<string> {
  const { experts, clock, identity } = platform;
  const agency = seedContext(await userNamed(platform, 'agency'), clock);
  const supervisor = seedContext(await userNamed(platform, 'supervisor'), clock);
  const section = tender.sections[0]!;
  const evaluationDate = new Date(clock.now().getTime() + 8 * HOUR + DAY).toISOString().slice(0, 10);
  const draw = await experts.draws.request(agency, tender.id, {
    sectionId: section.id,
    supervisorUserId: supervisor.actor!.userId,
    localRegionPrefix: '4501',
    // Road, bridge, municipal, earthworks and highway (A08), one from outside Nanning: the experts of a
    // tenderee's committees in the last 30 days are not drawn for it again (EXPERT_COOLDOWN_DAYS).
    slots: [{ specialty: 'A08', count: FIVE_EXPERTS.experts, remote: 1 }],
    evaluationDate,
    place: '南宁市公共资源交易中心远程异地评标室',
    exclusions: [],
    bidderUsccs: [],
  });
  await experts.draws.witness(supervisor, draw.id, randomUUID().replace(/-/g, ''));
  await experts.draws.run(agency, draw.id);
  // Only the witnessing supervisor sees the names before the announcement.
  const drawn = await experts.draws.view(supervisor.actor, draw.id);
  history.later(HOUR);
  for (const m of drawn.members!.filter((x) => x.status === 'invited')) {
    const expert = (await platform.models.Expert.findByPk(m.expertId))!;
    const user = (await identity.findUser(expert.userId!))!;
    await experts.answers.respond(seedContext(user, clock), draw.id, 'confirm', undefined);
  }
  await experts.draws.announce(agency, draw.id);
  await platform.events.consumers.drain('evaluation-creation');
  const evaluation = await platform.models.Evaluation.findOne({
    where: { tenderId: tender.id, sectionId: section.id },
  });
  if (!evaluation) throw new Error(`demo seed: no evaluation created for ${tender.title}`);
  return evaluation.id;
}

interface Seat {
  ctx: RequestContext;
  memberId: string;
  sign: (payload: object) => Promise<{ signature: string; certificateSerial: string }>;
}

/** Each seated member's key (made once) and a platform certificate for it, issued now. */
async function seatsOf(platform: Platform, evaluationId: string): Promise<Seat[]> {
  const { models, certificates, clock, config } = platform;
  const dir = join(config.KEYS_DIR, 'experts');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const members = await models.EvaluationMember.findAll({
    where: { evaluationId },
    order: [['createdAt', 'ASC']],
  });
  const seats: Seat[] = [];
  for (const m of members) {
    const user = (await models.User.findByPk(m.userId)) as User;
    const file = join(dir, `${user.username}.key.pem`);
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    }
    const keyPem = readFileSync(file, 'utf8');
    const ctx = seedContext(user, clock);
    const active = await certificates.activeCertificate(user.id, clock.now());
    const serial = active
      ? active.serial
      : (await certificates.issue(ctx, createCsr({ keyPem, commonName: user.username }))).serial;
    const key = await importSigningKey(keyPem);
    seats.push({
      ctx,
      memberId: m.id,
      sign: async (payload) => ({
        signature: await signPssWith(key, canonicalJson(payload)),
        certificateSerial: serial,
      }),
    });
  }
  return seats;
}

/**
 * Every member signs the generated report, agreeing (PB Art.45), an hour after the conclusion; the award module
 * then takes the completed report in (its consumer drained here, as the server's would run it).
 */
export async function signReport(platform: Platform, history: History, evaluationId: string): Promise<void> {
  const { evaluation, events } = platform;
  history.later(HOUR);
  for (const seat of await seatsOf(platform, evaluationId)) {
    const report = await evaluation.service.report(seat.ctx.actor!, evaluationId);
    const payload = {
      type: 'yangguang.evaluation.report-signature/1' as const,
      evaluationId,
      memberId: seat.memberId,
      reportId: report.reportId,
      digest: report.digest,
      agree: true,
      reasons: null,
    };
    await evaluation.service.signReport(seat.ctx, evaluationId, { payload, ...(await seat.sign(payload)) });
  }
  await events.consumers.drain('award-reports');
}

/** Scores in hundredths of a point: a share of each subjective criterion's points, varying by bid. */
const shareOf = (bidIndex: number, seatIndex: number) => 0.92 - bidIndex * 0.04 - seatIndex * 0.01;

/**
 * The committee at work, steps an hour apart from `history`'s clock: declarations, the leader's election,
 * the review (every bid passes), then scoring. `scored` is how many members submit their score sheets; with
 * all of them the leader moves on to ranking and concludes.
 */
export async function runCommittee(
  platform: Platform,
  history: History,
  evaluationId: string,
  opts: { scoringMembers: number; conclude: boolean },
): Promise<void> {
  const service = platform.evaluation.service;
  const step = () => history.later(HOUR);
  const seats = await seatsOf(platform, evaluationId);
  const leader = seats[0]!;
  const snapshot = await service.join(leader.ctx.actor!, evaluationId);
  const names = snapshot.bids.map((b) => b.bidderName).sort();
  const plan = snapshot.plan as { criteria: { key: string; kind: string; group: string; points: number }[] };
  const signed = async <P extends { evaluationId: string }>(seat: Seat, payload: P) => ({
    evaluationId,
    eventId: randomUUID(),
    payload,
    ...(await seat.sign(payload)),
  });
  const advance = (from: 'forming' | 'review' | 'clarification' | 'scoring' | 'ranking') =>
    service.advance(leader.ctx, { evaluationId, eventId: randomUUID(), from });

  step();
  for (const seat of seats) {
    await service.declare(
      seat.ctx,
      await signed(seat, {
        type: 'yangguang.evaluation.declaration/1' as const,
        evaluationId,
        memberId: seat.memberId,
        bidders: names,
        conflict: false,
        statement: '本人与上述投标人无利害关系，承诺公正评审。',
      }),
    );
  }
  for (const seat of seats) {
    await service.voteLeader(seat.ctx, {
      evaluationId,
      eventId: randomUUID(),
      candidateMemberId: leader.memberId,
    });
  }
  await advance('forming');
  step();
  const passing = Object.fromEntries(
    plan.criteria.filter((c) => c.kind === 'pass-fail').map((c) => [c.key, { pass: true, reason: '' }]),
  );
  const admitted = snapshot.bids.filter((b) => b.rejection === null);
  for (const bid of admitted) {
    for (const seat of seats) {
      await service.review(
        seat.ctx,
        await signed(seat, {
          type: 'yangguang.evaluation.review/1' as const,
          evaluationId,
          memberId: seat.memberId,
          bidId: bid.bidId,
          verdicts: passing,
        }),
      );
    }
  }
  await advance('review');
  await advance('clarification');
  step();
  const typed = plan.criteria.filter((c) => c.kind !== 'pass-fail' && c.group !== 'price');
  for (const [s, seat] of seats.slice(0, opts.scoringMembers).entries()) {
    for (const [b, bid] of admitted.entries()) {
      const scores = Object.fromEntries(
        typed.map((c) => [c.key, Math.round(c.points * 100 * shareOf(b, s))]),
      );
      await service.score(
        seat.ctx,
        await signed(seat, {
          type: 'yangguang.evaluation.score/1' as const,
          evaluationId,
          memberId: seat.memberId,
          bidId: bid.bidId,
          scores,
          correction: null,
        }),
      );
    }
  }
  if (!opts.conclude) return;
  step();
  await advance('scoring');
  await advance('ranking');
}
