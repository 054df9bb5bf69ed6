import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EvaluationPlanInput } from '../src/modules/tenders/evaluation-plan.js';
import { evaluationOf, evaluationScene, memberOf } from '../test/helpers/evaluation.js';
import type { TestPlatform } from '../test/helpers/platform.js';

/*
 * The evaluation-room benchmarks' parent side, shared by bench:evaluation (one in-process server) and
 * bench:two-nodes (real server processes): the committee made the real way, and the clients' process that
 * drives it (bench/evaluation-clients.ts), so the clients run on an event loop of their own, as browsers would.
 */

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));
export const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

export type Plan = { criteria: { key: string; kind: string; group: string; points: number }[] };

/** A committee in the room, ready for the clients: who its members are and what they may sign with. */
export interface Committee {
  evaluationId: string;
  plan: Plan;
  bids: { bidId: string; bidderName: string }[];
  members: { memberId: string; token: string; keyPem: string; serial: string }[];
  watcherToken: string;
}

/** The workload: members and watchers are spread over `urls` round-robin (one node: one url). */
export interface Workload {
  urls: string[];
  watchers: number;
  /** Paced sheets a second. */
  rate: number;
}

/** What the parent tells the clients' process. */
export type Command =
  | { cmd: 'bare'; url: string; watchers: number; acks: number }
  | ({ cmd: 'evaluation' } & Committee & Workload);

export interface BareFigures {
  ackP50Ms: number;
  ackP99Ms: number;
  fanoutP50Ms: number;
  fanoutP99Ms: number;
}
export interface Figures {
  sheets: number;
  ackP50Ms: number;
  ackP99Ms: number;
  fanoutP50Ms: number;
  fanoutP99Ms: number;
  seconds: number;
}
export interface EvaluationFigures {
  paced: Figures;
  burst: Figures;
  lost: number;
  duplicated: number;
  acknowledged: number;
  watcherGaps: number;
  /** Entries a watcher did not get pushed but got by re-joining (recovery is the happy path only). */
  pushesMissed: number;
  ackErrors: Record<string, number>;
  retriedAfterReconnect: number;
  reconnectSeconds: number;
  rankingOk: boolean;
  setupSeconds: number;
  rejoinP50Ms: number;
  rejoinP99Ms: number;
}

/** The plan under test: 综合评估法, a committee of `members` drawn experts. */
function benchPlan(members: number): EvaluationPlanInput {
  return {
    method: 'comprehensive',
    criteria: [
      { key: 'qualification', name: '资格审查', kind: 'pass-fail', group: 'qualification', points: 0 },
      { key: 'technical', name: '技术方案', kind: 'subjective', group: 'technical', points: 30 },
      { key: 'schedule', name: '工期', kind: 'objective', group: 'commercial', points: 10 },
      { key: 'price', name: '投标报价', kind: 'objective', group: 'price', points: 60 },
    ],
    priceFormula: { base: 'lowest-price' },
    committee: { size: members, experts: members, representatives: 0 },
  };
}

/** A tender opened, a committee of `members` drawn and confirmed, its evaluation created: the room's seats. */
export async function benchCommittee(t: TestPlatform, members: number, bids: number): Promise<Committee> {
  const scene = await evaluationScene(t, { plan: benchPlan(members), bidders: bids, spareExperts: 2 });
  const evaluation = await evaluationOf(t, scene.tender.id);
  const seats = [];
  for (const e of scene.experts) {
    const m = await memberOf(t, evaluation.id, e.userId);
    seats.push({ memberId: m.id, token: e.token, keyPem: e.keys.keyPem, serial: e.keys.serial });
  }
  return {
    evaluationId: evaluation.id,
    plan: scene.section.evaluationPlan,
    bids: scene.bids.map((b) => ({ bidId: b.bidId, bidderName: b.bidder.name })),
    members: seats,
    watcherToken: scene.supervisor.token,
  };
}

/** The clients' process; one command at a time. */
export class RoomClients {
  private readonly child: ChildProcess = fork(
    fileURLToPath(new URL('./evaluation-clients.ts', import.meta.url)),
    [],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );

  bare(url: string, watchers: number, acks: number): Promise<BareFigures> {
    return this.ask({ cmd: 'bare', url, watchers, acks });
  }

  evaluation(committee: Committee, workload: Workload): Promise<EvaluationFigures> {
    return this.ask({ cmd: 'evaluation', ...committee, ...workload });
  }

  close(): void {
    this.child.kill();
  }

  private ask<T>(command: Command): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the clients' process exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: { error?: string } & T) => {
        this.child.off('exit', onExit);
        if (m.error) reject(new Error(m.error));
        else resolve(m);
      });
      this.child.send(command);
    });
  }
}
