// A key custodian's agent (docs/design.md §6.5): it follows the tenders it holds shares for, and for each one,
// once ITS OWN clock has reached the opening time, fetches its wrapped shares, unwraps and checks them
// locally and releases them. It never asks early, and it does not believe a server that moves an
// opening time earlier (remembered across restarts, state.ts), so a compromised or mistaken server cannot get
// a share before the opening. A share it cannot unwrap, or that fails the bidder's check, is never sent: it is
// reported instead, signed with the custodian's key (report.ts), so the bidder's junk is not blamed on it.
import { signPss } from '../../crypto/signatures.js';
import type { UnwrapKey } from '../../crypto/sealed-bid/key-material.js';
import { ApiError } from '../http.js';
import { z } from 'zod';
import { CustodianClient, NetworkError, type ClientOptions } from './client.js';
import type { AgentLog } from './log.js';
import {
  SETTLED_STATUSES,
  custodianTendersSchema,
  releaseResultSchema,
  shareReportsResultSchema,
  wrappedSharesSchema,
  type CustodianTender,
} from './protocol.js';
import { ensureCurveKey } from './curve-key.js';
import { signShareReports } from './report.js';
import { memoryOpeningTimes, type OpeningTimeStore } from './state.js';
import { unwrapOwnShares, type UnwrapFailure } from './shares.js';
import type { WrappedShares } from './protocol.js';

export interface CustodianAgentOptions extends Omit<ClientOptions, 'log'> {
  /** The custodian's private key: PKCS#8 PEM, or a WebCrypto RSA-OAEP key. */
  key: UnwrapKey;
  clock: { now(): Date };
  log: AgentLog;
  /** How often to look for new tenders and for the server's progress; the opening time itself is not polled for. */
  pollMs?: number;
  /** Inside another process (the demo server): the agent's waits do not keep that process alive. */
  background?: boolean;
  /**
   * Signs a share report (RSA-PSS-SHA256, base64) with the custodian's key. Default: the PEM key itself; a
   * WebCrypto OAEP key cannot sign, so without a signer such an agent keeps back and logs, but cannot report.
   */
  sign?: (data: Uint8Array) => Promise<string>;
  /** Register the custodian's sealed-bid format 2 key if none usable is (default: true; needs `sign`). */
  registerCurveKey?: boolean;
  /** Where the latest opening time per tender is remembered (default: in memory, for this process only). */
  openingTimes?: OpeningTimeStore;
}

export interface RoundReport {
  waiting: { tenderId: string; opensInMs: number }[];
  released: { tenderId: string; accepted: string[]; wrong: string[] }[];
  /** Shares this custodian could not unwrap, or that did not match the bidder's check: never sent. */
  ownFailures: (UnwrapFailure & { tenderId: string })[];
  /** Of those, the ones reported to the platform, signed (bid ids per tender). */
  reported: { tenderId: string; recorded: string[] }[];
  refused: { tenderId: string; reason: string }[];
  errors: { tenderId?: string; message: string }[];
}

export class CustodianAgent {
  private readonly client: CustodianClient;
  /** The latest opening time seen per tender: a deadline may move later (clarifications), never earlier. */
  private readonly openingTimes: Map<string, number>;
  private readonly store: OpeningTimeStore;
  private readonly sign: ((data: Uint8Array) => Promise<string>) | undefined;
  /** bidId@version already released or found unreleasable, per tender. */
  private readonly handled = new Map<string, Set<string>>();
  private readonly lastDecision = new Map<string, string>();
  private curveKeyReady = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: CustodianAgentOptions) {
    // Retry waits end early on stop(), like the wait between rounds.
    const sleep = opts.sleep ?? ((ms: number) => this.pause(ms));
    this.client = new CustodianClient({ ...opts, sleep, log: opts.log });
    this.store = opts.openingTimes ?? memoryOpeningTimes();
    this.openingTimes = this.store.load();
    const pem = typeof opts.key === 'string' ? opts.key : undefined;
    this.sign = opts.sign ?? (pem ? (data) => signPss(pem, data) : undefined);
  }

  /** Runs rounds until stop(); waking at the next opening time or after pollMs, whichever is first. */
  async run(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 5000;
    this.opts.log({ event: 'agent.start', server: new URL(this.opts.serverUrl).origin, pollMs });
    while (!this.stopped) {
      const report = await this.runOnce();
      const next = Math.min(pollMs, ...report.waiting.map((w) => w.opensInMs));
      if (!this.stopped) await this.pause(Math.max(10, next));
    }
    this.opts.log({ event: 'agent.stop' });
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** One look at every tender: release what is due, report what is not. Never throws. */
  async runOnce(): Promise<RoundReport> {
    const report: RoundReport = {
      waiting: [],
      released: [],
      ownFailures: [],
      reported: [],
      refused: [],
      errors: [],
    };
    await this.ensureCurveKey(report);
    let tenders: CustodianTender[];
    try {
      tenders = custodianTendersSchema.parse(await this.client.get('/openings/custodian'));
    } catch (error) {
      report.errors.push({ message: describe(error) });
      this.opts.log({ event: 'round.failed', error: describe(error) });
      return report;
    }
    for (const tender of tenders) {
      try {
        await this.consider(tender, report);
      } catch (error) {
        report.errors.push({ tenderId: tender.tenderId, message: describe(error) });
        this.opts.log({ event: 'tender.failed', tenderId: tender.tenderId, error: describe(error) });
      }
    }
    return report;
  }

  /**
   * Once per process: the custodian's format 2 key is registered (curve-key.ts), so bidders seal bids whose
   * openability is checked at receipt. A failure is logged and tried again next round; shares of bids in
   * either format are released regardless.
   */
  private async ensureCurveKey(report: RoundReport): Promise<void> {
    if (this.curveKeyReady || !this.sign || this.opts.registerCurveKey === false) return;
    try {
      const outcome = await ensureCurveKey(this.client, this.opts.key, this.sign, this.opts.clock.now());
      this.curveKeyReady = true;
      this.opts.log({ event: `curve-key.${outcome.status}`, certificateSerial: outcome.certificateSerial });
    } catch (error) {
      // A server without format 2 keys (404) is not asked again by this process: it releases format 1 only.
      if (error instanceof ApiError && error.status === 404) this.curveKeyReady = true;
      report.errors.push({ message: `curve key: ${describe(error)}` });
      this.opts.log({ event: 'curve-key.failed', severity: 'error', error: describe(error) });
    }
  }

  private async consider(tender: CustodianTender, report: RoundReport): Promise<void> {
    const { tenderId } = tender;
    const listed = Date.parse(tender.bidDeadline);
    const known = this.openingTimes.get(tenderId);
    if (known !== undefined && listed < known) {
      report.refused.push({ tenderId, reason: 'OPENING_TIME_MOVED_EARLIER' });
      this.decide(tenderId, 'refuse', { reason: 'OPENING_TIME_MOVED_EARLIER', listed: tender.bidDeadline });
      return;
    }
    if (known !== listed) {
      this.openingTimes.set(tenderId, listed);
      this.store.save(this.openingTimes); // before anything is unwrapped for this opening time
    }
    if (tender.released || SETTLED_STATUSES.has(tender.status)) {
      this.decide(tenderId, 'nothing-to-do', { status: tender.status, released: tender.released });
      return;
    }
    const opensInMs = listed - this.opts.clock.now().getTime();
    if (opensInMs > 0) {
      report.waiting.push({ tenderId, opensInMs });
      this.decide(tenderId, 'wait', { opensAt: tender.bidDeadline, position: tender.position });
      return;
    }
    await this.release(tender, report);
  }

  private async release(tender: CustodianTender, report: RoundReport): Promise<void> {
    const { tenderId, position } = tender;
    let answer;
    try {
      answer = wrappedSharesSchema.parse(
        await this.client.get(`/tenders/${enc(tenderId)}/opening/wrapped-shares`),
      );
    } catch (error) {
      if (error instanceof ApiError && error.body.code === 'OPENING_COMPLETE') {
        this.decide(tenderId, 'nothing-to-do', { code: error.body.code });
        return;
      }
      if (error instanceof ApiError && error.status === 409) {
        // The server's clock is behind ours, or it has not started the opening: ask again next round.
        this.decide(tenderId, 'server-not-ready', { code: error.body.code });
        return;
      }
      throw error;
    }
    // Checked again after the answer: the unwrap below is the moment a secret comes into being.
    if (this.opts.clock.now().getTime() < (this.openingTimes.get(tenderId) ?? Infinity)) {
      report.refused.push({ tenderId, reason: 'BEFORE_OPENING_TIME' });
      this.decide(tenderId, 'refuse', { reason: 'BEFORE_OPENING_TIME' });
      return;
    }
    if (answer.position !== position) {
      report.refused.push({ tenderId, reason: 'WRONG_POSITION' });
      this.decide(tenderId, 'refuse', { reason: 'WRONG_POSITION', expected: position, got: answer.position });
      return;
    }
    const handled = this.handled.get(tenderId) ?? new Set<string>();
    this.handled.set(tenderId, handled);
    const fresh = answer.bids.filter((b) => !handled.has(`${b.bidId}@${b.version}`));
    if (fresh.length === 0) {
      this.decide(tenderId, 'nothing-new', { bids: answer.bids.length });
      return;
    }
    const { shares, failures } = await unwrapOwnShares(position, fresh, this.opts.key);
    for (const f of failures) {
      report.ownFailures.push({ tenderId, ...f });
      this.opts.log({ event: 'share.not-released', severity: 'error', tenderId, position, ...f });
    }
    // A format 2 share is provably decryptable (checked at receipt): failing it is this custodian's own
    // problem, logged above and not reported against the bidder.
    const reportable = failures.filter((f) => f.formatVersion !== 2);
    for (const f of failures)
      if (f.formatVersion === 2) handled.add(`${f.bidId}@${versionOf(fresh, f.bidId)}`);
    if (reportable.length > 0) await this.reportFailures(tenderId, position, fresh, reportable, report);
    const failed = new Set(failures.map((f) => f.bidId));
    for (const b of fresh)
      if (!shares.some((s) => s.bidId === b.bidId) && !failed.has(b.bidId))
        handled.add(`${b.bidId}@${b.version}`);
    if (shares.length === 0) return;
    this.decide(tenderId, 'release', { position, shares: shares.length, notReleased: failures.length });
    const result = releaseResultSchema.parse(
      await this.client.post(`/tenders/${enc(tenderId)}/opening/shares`, { shares }),
    );
    for (const s of shares) handled.add(`${s.bidId}@${s.version}`);
    report.released.push({ tenderId, ...result });
    this.opts.log({
      event: 'shares.released',
      severity: result.wrong.length > 0 ? 'error' : 'info',
      tenderId,
      position,
      accepted: result.accepted.length,
      wrong: result.wrong,
    });
  }

  /**
   * Reports the shares kept back, signed, so the opening classes them as the bidder's doing. Reported (or
   * unreportable) bids are not looked at again; a report the server did not take is tried next round.
   */
  private async reportFailures(
    tenderId: string,
    position: number,
    bids: WrappedShares['bids'],
    failures: UnwrapFailure[],
    report: RoundReport,
  ): Promise<void> {
    const handled = this.handled.get(tenderId)!;
    const done = (ids: string[]) => {
      for (const b of bids) if (ids.includes(b.bidId)) handled.add(`${b.bidId}@${b.version}`);
    };
    if (!this.sign) {
      this.opts.log({ event: 'share.report-skipped', severity: 'error', tenderId, reason: 'NO_SIGNING_KEY' });
      return done(failures.map((f) => f.bidId));
    }
    const signed = await signShareReports(tenderId, position, bids, failures, this.sign);
    done(failures.filter((f) => !signed.some((r) => r.bidId === f.bidId)).map((f) => f.bidId));
    if (signed.length === 0) return;
    try {
      const result = shareReportsResultSchema.parse(
        await this.client.post(`/tenders/${enc(tenderId)}/opening/share-reports`, { reports: signed }),
      );
      done(signed.map((r) => r.bidId));
      report.reported.push({ tenderId, recorded: result.recorded });
      this.opts.log({ event: 'shares.reported', tenderId, position, bids: result.recorded });
    } catch (error) {
      // Refused (4xx): sending the same again would be refused again; the log keeps it. Else next round.
      if (error instanceof ApiError && error.status < 500) done(signed.map((r) => r.bidId));
      report.errors.push({ tenderId, message: describe(error) });
      this.opts.log({ event: 'shares.report-failed', severity: 'error', tenderId, error: describe(error) });
    }
  }

  /** Decisions are logged when they change, so a custodian waiting for weeks does not fill its disk. */
  private decide(tenderId: string, decision: string, details: Record<string, unknown>): void {
    const key = `${decision}:${JSON.stringify(details)}`;
    if (this.lastDecision.get(tenderId) === key) return;
    this.lastDecision.set(tenderId, key);
    this.opts.log({ event: 'decision', tenderId, decision, ...details });
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      if (this.opts.background) timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }
}

const enc = encodeURIComponent;
const versionOf = (bids: WrappedShares['bids'], bidId: string) =>
  bids.find((b) => b.bidId === bidId)?.version;

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.status} ${error.body.code}`;
  if (error instanceof NetworkError) return error.message;
  if (error instanceof z.ZodError)
    return `UNEXPECTED_ANSWER: ${error.issues[0]?.path.join('.') ?? ''} ${error.issues[0]?.message ?? ''}`;
  return (error as Error)?.message ?? String(error);
}
