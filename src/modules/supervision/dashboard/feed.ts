import type { EventBus, EventName } from '../../../platform/events.js';
import type { Logger } from '../../../platform/logger.js';
import '../events.js';
import type { AlertView } from '../schemas.js';
import type { AlertPush, ChangedPush } from './schemas.js';

/** Where the feed delivers: the `/supervision` gateway's broadcast (or a test's recorder). */
export interface FeedSink {
  alert(push: AlertPush): void;
  changed(push: ChangedPush): void;
}

export interface FeedDeps {
  events: EventBus;
  alerts: { get(id: string): Promise<AlertView> };
  log?: Logger;
  /** The shortest time between two `changed` pushes (500 ms unless a test sets it). */
  coalesceMs?: number;
  /** Paces the pushes; tests hand in one they move by hand. */
  pacer?: Pacer;
}

/**
 * A monotonic time and a one-shot timer. Not the platform clock: this paces network writes, it is no domain
 * time (and a test's manual clock would never fire a timer).
 */
export interface Pacer {
  now(): number;
  /** Runs `fn` after `ms`; the answer cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const realPacer: Pacer = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    timer.unref(); // a pending push never keeps a stopping process alive
    return () => clearTimeout(timer);
  },
};

/** The parts of the platform whose events move a figure of the overview (event names `<part>.<what>`). */
const WATCHED = new Set(['tender', 'bid', 'opening', 'evaluation', 'supervision', 'complaint']);
const ALERT_CHANGES = {
  'supervision.alert-raised': 'raised',
  'supervision.alert-acknowledged': 'acknowledged',
  'supervision.alert-resolved': 'resolved',
} as const satisfies Partial<Record<EventName, AlertPush['change']>>;

/**
 * Turns the committed domain events of this process into the dashboard's pushes: each alert step as the
 * alert itself, everything else as one coalesced `changed` with the tenders touched, at most one per
 * `coalesceMs` (a busy opening emits dozens of events a second; the page refetches once).
 *
 * It hears the EventBus's live delivery, which is per process: each node pushes what it committed, and with
 * several nodes the namespace's Redis adapter carries the push to supervisors connected to the others
 * (README "Several nodes"; test/scale-out.test.ts).
 */
export class DashboardFeed {
  private readonly sinks = new Set<FeedSink>();
  private unsubscribe: (() => void) | null = null;
  private readonly pending = new Set<string>();
  /** Cancels the trailing push that is due, if one is. */
  private timer: (() => void) | null = null;
  private lastPush = -Infinity;
  private readonly pacer: Pacer;

  constructor(private readonly deps: FeedDeps) {
    this.pacer = deps.pacer ?? realPacer;
  }

  /** Starts hearing the bus with the first sink, stops with the last. */
  attach(sink: FeedSink): () => void {
    this.sinks.add(sink);
    this.unsubscribe ??= this.deps.events.onAny((name, _data, envelope) =>
      this.heard(name, envelope.tenderId ?? null, (envelope.data as { alertId?: string }).alertId),
    );
    return () => {
      this.sinks.delete(sink);
      if (this.sinks.size > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = null;
      this.timer?.();
      this.timer = null;
    };
  }

  private async heard(name: EventName, tenderId: string | null, alertId?: string): Promise<void> {
    if (!WATCHED.has(name.split('.')[0] ?? '')) return;
    if (tenderId) this.pending.add(tenderId);
    this.schedule();
    const change = (ALERT_CHANGES as Partial<Record<EventName, AlertPush['change']>>)[name];
    if (change && alertId) await this.pushAlert(change, alertId);
  }

  private async pushAlert(change: AlertPush['change'], alertId: string): Promise<void> {
    // Read after the commit, so a push shows the alert as stored; a later step's push follows it.
    const alert = await this.deps.alerts.get(alertId);
    for (const sink of this.sinks) sink.alert({ change, alert });
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastPush + (this.deps.coalesceMs ?? 500) - this.pacer.now());
    if (wait === 0) return this.flush();
    this.timer = this.pacer.after(wait, () => this.flush());
  }

  private flush(): void {
    this.timer = null;
    this.lastPush = this.pacer.now();
    const tenderIds = [...this.pending].sort();
    this.pending.clear();
    for (const sink of this.sinks) {
      try {
        sink.changed({ tenderIds });
      } catch (err) {
        this.deps.log?.error({ err }, 'supervision dashboard push failed');
      }
    }
  }
}
