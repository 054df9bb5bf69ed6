import { effect, signal, type Signal } from '@preact/signals';
import { ApiError } from '../../api.js';
import { RoomClient, isTransient, type StepInput, type StepName } from './client.js';
import type { EvaluationLogEntry, EvaluationSnapshot } from './types.js';

/** Refusals of a join that end the member's place in the room. */
const ENDING = new Set(['MEMBER_REPLACED', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** How soon a step whose answer was lost on a live connection is sent again (same eventId). */
const RETRY_MS = 2000;

/** One step on its way: signed (where it is signed) and numbered once, then sent until acknowledged. */
export interface Outgoing<N extends StepName = StepName> {
  name: N;
  input: StepInput<N>;
  /** What the page shows it under: `declare`, `vote`, `review:<bidId>`, `score:<bidId>`, `advance`… */
  target: string;
}

/** What a member has typed into one form and not sent yet: field name → text. */
export type Draft = Record<string, string>;

/** Stored per user and evaluation in the tab's sessionStorage: unsent input survives a reload, not the tab. */
function storageKey(userId: string, evaluationId: string, what: 'outbox' | 'drafts'): string {
  return `yangguang.evaluation.${userId}.${evaluationId}.${what}`;
}

function load<T>(key: string, fallback: T): T {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function save(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // a full or disabled storage keeps the input in this page only (the signals still hold it)
  }
}

/**
 * The live state of one evaluation room in signals: the latest snapshot, the timeline, the connection, and
 * the member's unsent work — drafts and the outbox of steps not yet acknowledged. A step keeps its eventId
 * from the moment it is made, so a resend after a drop (or a reload) is the same step to the server.
 */
export class RoomStore {
  readonly snapshot = signal<EvaluationSnapshot | null>(null);
  readonly live = signal(false);
  readonly log = signal<EvaluationLogEntry[]>([]);
  readonly outbox: Signal<Outgoing[]>;
  readonly drafts: Signal<Record<string, Draft>>;
  /** The last refusal per target (an ApiError), shown beside its form. */
  readonly errors = signal<Record<string, unknown>>({});
  /** Targets whose step was just acknowledged (a short "sent" note). */
  readonly done = signal<Record<string, number>>({});
  readonly sending = signal<Record<string, boolean>>({});
  /** The page could not load at all (not found, not allowed). */
  readonly fatal = signal<unknown>(null);
  /** Server time minus local time, so countdowns follow the server's clock. */
  readonly offsetMs = signal(0);
  readonly client: RoomClient;
  private readonly stopSaving: () => void;
  private disposed = false;

  constructor(
    readonly evaluationId: string,
    readonly userId: string,
  ) {
    const outboxKey = storageKey(userId, evaluationId, 'outbox');
    const draftsKey = storageKey(userId, evaluationId, 'drafts');
    this.outbox = signal<Outgoing[]>(load(outboxKey, []));
    this.drafts = signal<Record<string, Draft>>(load(draftsKey, {}));
    const stopOutbox = effect(() => save(outboxKey, this.outbox.value));
    const stopDrafts = effect(() => save(draftsKey, this.drafts.value));
    this.stopSaving = () => {
      stopOutbox();
      stopDrafts();
    };
    this.client = new RoomClient(evaluationId, {
      snapshot: (s) => {
        this.snapshot.value = s;
        this.offsetMs.value = new Date(s.serverTime).getTime() - Date.now();
        this.fatal.value = null;
        this.addLog(s.log);
      },
      log: (entry) => this.addLog([entry]),
      connection: (live) => (this.live.value = live),
      failed: (error) => {
        if (isTransient(error)) return;
        // Replaced (a declared conflict), or the evaluation is no longer this user's to see: the room closes.
        const ends = error instanceof ApiError && ENDING.has(error.code);
        if (!this.snapshot.value || ends) this.fatal.value = error;
      },
    });
    this.client.whenJoined(() => void this.flush());
  }

  private addLog(entries: readonly EvaluationLogEntry[]): void {
    if (entries.length === 0) return;
    const bySeq = new Map(this.log.value.map((e) => [e.seq, e]));
    for (const e of entries) bySeq.set(e.seq, e);
    this.log.value = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  draft(key: string): Draft {
    return this.drafts.value[key] ?? {};
  }

  setDraft(key: string, field: string, value: string): void {
    const current = this.drafts.value;
    this.drafts.value = { ...current, [key]: { ...current[key], [field]: value } };
  }

  replaceDraft(key: string, draft: Draft | null): void {
    const next = { ...this.drafts.value };
    if (draft) next[key] = draft;
    else delete next[key];
    this.drafts.value = next;
  }

  pending(target: string): boolean {
    return this.outbox.value.some((o) => o.target === target);
  }

  /** Makes the step (a fresh eventId), keeps it in the outbox and sends it; resolves true once acknowledged. */
  submit<N extends StepName>(
    name: N,
    input: Omit<StepInput<N>, 'eventId'>,
    target: string,
  ): Promise<boolean> {
    const outgoing = {
      name,
      input: { ...input, eventId: crypto.randomUUID() } as StepInput<N>,
      target,
    } as Outgoing;
    this.outbox.value = [...this.outbox.value.filter((o) => o.target !== target), outgoing];
    this.errors.value = { ...this.errors.value, [target]: undefined };
    return this.trySend(outgoing);
  }

  /** Sends what is waiting, oldest first, each with its own eventId (after a reconnect or a reload). */
  async flush(): Promise<void> {
    for (const o of [...this.outbox.value]) {
      if (!this.client.connected || this.disposed) return;
      await this.trySend(o);
    }
  }

  private async trySend(o: Outgoing): Promise<boolean> {
    if (this.sending.value[o.target]) return false;
    this.sending.value = { ...this.sending.value, [o.target]: true };
    try {
      await this.client.send(o.name, o.input as never);
      this.forget(o);
      this.done.value = { ...this.done.value, [o.target]: Date.now() };
      void this.client.join();
      return true;
    } catch (error) {
      // Not recorded, or unknown: kept with its eventId and sent again once the room is back (or shortly, if
      // the connection held and only the answer was lost).
      if (isTransient(error)) {
        if (!this.disposed) setTimeout(() => void this.flush(), RETRY_MS);
        return false;
      }
      this.forget(o);
      this.errors.value = { ...this.errors.value, [o.target]: error };
      return false;
    } finally {
      this.sending.value = { ...this.sending.value, [o.target]: false };
    }
  }

  private forget(o: Outgoing): void {
    const eventId = (o.input as { eventId: string }).eventId;
    this.outbox.value = this.outbox.value.filter((x) => (x.input as { eventId: string }).eventId !== eventId);
  }

  dispose(): void {
    this.disposed = true;
    this.client.close();
    this.stopSaving();
  }
}
