import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events.js';
import './events.js';
import type { SupervisionAlert, SupervisionModels } from './models.js';
import type { Finding } from './screens/index.js';
import type { AlertIndicator } from './watchdogs/kinds.js';
import { evidenceOf, type AlertEvidence } from './views.js';

export interface RaiseDeps {
  clock: Clock;
  events: EventBus;
}

/** A screen's finding, or a watchdog's (its indicator is the watchdog's kind). */
export type RaisedFinding = Omit<Finding, 'indicator'> & { indicator: AlertIndicator };

/** What makes a finding itself: its indicator, its tender and its identity. Unique among alerts. */
export function fingerprintOf(tenderId: string, f: Pick<RaisedFinding, 'indicator' | 'identity'>): string {
  return createHash('sha256').update(`${f.indicator}\n${tenderId}\n${f.identity}`).digest('hex');
}

/** The platform's own step of screening event `seq`: no actor, the system's address. */
const screening = (seq: number): RequestContext => ({
  actor: null,
  ip: 'system',
  requestId: `supervision:${seq}`,
});

/**
 * Raises alerts from findings, inside the screener's consumer transaction, once per fingerprint: a finding
 * met again (the event replayed, a later event of the same tender) raises nothing, and adds to an open
 * alert's evidence only the events it did not list yet.
 */
export class AlertRaiser {
  constructor(
    private readonly models: SupervisionModels,
    private readonly deps: RaiseDeps,
  ) {}

  /** The alert raised, or null when the finding's alert exists already. */
  async raise(
    t: Transaction,
    tenderId: string,
    f: RaisedFinding,
    seq: number,
  ): Promise<SupervisionAlert | null> {
    const { SupervisionAlert } = this.models;
    const fingerprint = fingerprintOf(tenderId, f);
    const existing = await SupervisionAlert.findOne({ where: { fingerprint }, transaction: t });
    if (existing) {
      await this.extend(t, existing, f);
      return null;
    }
    const now = this.deps.clock.now();
    const alert = await SupervisionAlert.create(
      {
        id: randomUUID(),
        tenderId,
        sectionId: f.sectionId,
        indicator: f.indicator,
        severity: f.severity,
        fingerprint,
        evidence: JSON.stringify(evidenceOf(f)),
        status: 'open',
        raisedBySeq: seq,
        raisedAt: now,
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgedByName: null,
        resolvedAt: null,
        resolvedBy: null,
        resolvedByName: null,
        conclusion: null,
        resolutionNote: null,
      },
      { transaction: t },
    );
    // Not audited: a screen's finding changes nothing in a tender; the stream records the raise, and the
    // supervisors' steps on it are audited (workflow.ts).
    await this.deps.events.emit(t, screening(seq), 'supervision.alert-raised', {
      alertId: alert.id,
      tenderId,
      sectionId: f.sectionId,
      indicator: f.indicator,
      severity: f.severity,
    });
    return alert;
  }

  /**
   * More of the same finding (a third bidder on the shared address): an open alert takes the new evidence
   * with every event listed before; one a supervisor has taken up keeps what they read.
   */
  private async extend(t: Transaction, alert: SupervisionAlert, f: RaisedFinding): Promise<void> {
    if (alert.status !== 'open') return;
    const stored = JSON.parse(alert.evidence) as AlertEvidence;
    if (f.seqs.every((s) => stored.seqs.includes(s))) return;
    const seqs = [...new Set([...stored.seqs, ...f.seqs])].sort((a, b) => a - b);
    const evidence: AlertEvidence = { ...evidenceOf(f), seqs };
    await alert.update({ evidence: JSON.stringify(evidence), severity: f.severity }, { transaction: t });
  }
}
