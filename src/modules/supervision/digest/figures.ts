import { Op } from 'sequelize';
import type { Database } from '../../../platform/db/database.js';
import type { EventModels } from '../../../platform/events.js';
import type { TenderView } from '../../tenders/index.js';
import type { SupervisionAlert, SupervisionModels } from '../models.js';
import type { Severity } from '../screens/index.js';
import { WATCHDOG_KINDS } from '../watchdogs/kinds.js';
import { dayStart, nextDate } from './dates.js';
import type { DigestFigures } from './schemas.js';

export interface FigureDeps {
  db: Database;
  eventModels: EventModels;
  tenders: { view(id: string): Promise<TenderView> };
}

/** An alert still open after this long at the day's end is listed as stale. */
const STALE_MS = 3 * 24 * 3600_000;
/** The most items one list of the digest names (the counts are always whole). */
const LIST_MAX = 50;

const iso = (d: Date) => d.toISOString();

function countBy(alerts: SupervisionAlert[]) {
  const counts = new Map<string, { indicator: string; severity: Severity; count: number }>();
  for (const a of alerts) {
    const key = `${a.indicator}\n${a.severity}`;
    const entry = counts.get(key) ?? { indicator: a.indicator, severity: a.severity, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (x, y) => x.indicator.localeCompare(y.indicator) || x.severity.localeCompare(y.severity),
  );
}

/**
 * Composes one Beijing day's figures from what the database holds: the alerts (raised, acknowledged and
 * resolved that day, and those left open too long), the watchdogs' findings, and from the event stream the
 * openings and evaluations held and the complaint events. Read-only; the caller stores the result.
 * The stream is read by type (indexed by type and seq), then by time: a day costs what that day's events do.
 */
export async function composeFigures(
  date: string,
  models: SupervisionModels,
  deps: FigureDeps,
): Promise<DigestFigures> {
  const from = dayStart(date);
  const to = dayStart(nextDate(date));
  const within = { [Op.gte]: from, [Op.lt]: to };
  const { SupervisionAlert } = models;
  const [raised, acknowledged, resolved, stale] = await Promise.all([
    SupervisionAlert.findAll({ where: { raisedAt: within }, order: [['raisedAt', 'ASC']] }),
    SupervisionAlert.findAll({ where: { acknowledgedAt: within } }),
    SupervisionAlert.findAll({ where: { resolvedAt: within } }),
    SupervisionAlert.findAll({
      where: {
        raisedAt: { [Op.lt]: new Date(to.getTime() - STALE_MS) },
        [Op.or]: [{ resolvedAt: null }, { resolvedAt: { [Op.gte]: to } }],
      },
      order: [['raisedAt', 'ASC']],
    }),
  ]);
  const names = tenderNames(deps.tenders);
  const ref = async (id: string | null) => {
    const { tenderCode, tenderTitle } = await names(id);
    return { tenderCode, tenderTitle };
  };
  const conclusions = new Map<string, number>();
  for (const a of resolved)
    if (a.conclusion) conclusions.set(a.conclusion, (conclusions.get(a.conclusion) ?? 0) + 1);
  const watchdogKinds: readonly string[] = WATCHDOG_KINDS;
  const findings = raised.filter((a) => watchdogKinds.includes(a.indicator));

  const events = await deps.eventModels.DomainEvent.findAll({
    where: { type: ['tender.opening-started', 'evaluation.created', 'evaluation.concluded'], at: within },
    order: [['seq', 'ASC']],
    attributes: ['seq', 'type', 'tenderId', 'at', 'data'],
  });
  const openings = events.filter((e) => e.type === 'tender.opening-started');
  const evaluations = events.filter((e) => e.type !== 'tender.opening-started');

  return {
    date,
    from: iso(from),
    to: iso(to),
    alerts: {
      raised: countBy(raised),
      acknowledged: countBy(acknowledged),
      resolved: countBy(resolved),
      conclusions: [...conclusions].map(([conclusion, count]) => ({ conclusion, count })),
    },
    staleOpen: {
      count: stale.length,
      items: await Promise.all(
        stale.slice(0, LIST_MAX).map(async (a) => ({
          alertId: a.id,
          indicator: a.indicator,
          severity: a.severity,
          // Its status at the day's end: resolved later counts as still taken up then.
          status: a.status === 'resolved' ? 'acknowledged' : a.status,
          raisedAt: iso(a.raisedAt),
          ...(await ref(a.tenderId)),
        })),
      ),
    },
    watchdogFindings: {
      count: findings.length,
      items: await Promise.all(
        findings.slice(0, LIST_MAX).map(async (a) => ({
          alertId: a.id,
          indicator: a.indicator,
          severity: a.severity,
          summary: (JSON.parse(a.evidence) as { summary: string }).summary,
          ...(await ref(a.tenderId)),
        })),
      ),
    },
    openings: {
      count: openings.length,
      items: await Promise.all(
        openings.slice(0, LIST_MAX).map(async (e) => ({
          tenderId: e.tenderId ?? '',
          at: iso(e.at),
          ...(await ref(e.tenderId)),
        })),
      ),
    },
    evaluations: {
      started: evaluations.filter((e) => e.type === 'evaluation.created').length,
      concluded: evaluations.filter((e) => e.type === 'evaluation.concluded').length,
      items: await Promise.all(
        evaluations.slice(0, LIST_MAX).map(async (e) => {
          const { sectionId } = JSON.parse(e.data) as { sectionId: string };
          const tender = await names(e.tenderId);
          return {
            tenderId: e.tenderId ?? '',
            sectionName: tender.sections.get(sectionId) ?? '',
            event: e.type === 'evaluation.created' ? ('started' as const) : ('concluded' as const),
            at: iso(e.at),
            tenderCode: tender.tenderCode,
            tenderTitle: tender.tenderTitle,
          };
        }),
      ),
    },
    complaints: await complaintCounts(deps, within),
  };
}

/** Tender names by id, each read once per digest. */
function tenderNames(tenders: FigureDeps['tenders']) {
  const cache = new Map<
    string,
    Promise<{ tenderCode: string; tenderTitle: string; sections: Map<string, string> }>
  >();
  return (id: string | null) => {
    const key = id ?? '';
    let named = cache.get(key);
    if (!named) {
      named = tenders.view(key).then(
        (t) => ({
          tenderCode: t.code,
          tenderTitle: t.title,
          sections: new Map(t.sections.map((s) => [s.id, s.name])),
        }),
        () => ({ tenderCode: '', tenderTitle: '', sections: new Map<string, string>() }),
      );
      cache.set(key, named);
    }
    return named;
  };
}

/** Complaint events (complaint.*) of the day by type, where the platform has a complaints table. */
async function complaintCounts(deps: FigureDeps, within: { [Op.gte]: Date; [Op.lt]: Date }) {
  if (!(await deps.db.sequelize.getQueryInterface().tableExists('complaints'))) return null;
  const rows = await deps.eventModels.DomainEvent.findAll({
    where: { type: { [Op.like]: 'complaint.%' }, at: within },
    attributes: ['type'],
  });
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count }));
}
