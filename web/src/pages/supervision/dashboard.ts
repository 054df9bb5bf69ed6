import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import { overviewApi, type SupervisionOverview } from './dashboard-api.js';
import type { Chart } from './dashboard-charts.js';
import {
  alertTables,
  evaluationsTable,
  openingsTable,
  overdueTable,
  SEVERITIES,
  STAGES,
  stagesTable,
  trendTable,
} from './dashboard-tables.js';
import { subscribeSupervision } from './live.js';
import { oneReadAtATime } from '../../one-read-at-a-time.js';
import './dashboard.css';

/** A push starts a refetch after this pause, so a burst of changes is one read. */
const REFETCH_DELAY_MS = 250;
/**
 * Pushes come from the node this browser is connected to; another node's changes, and the turn of the
 * day, show at the next periodic read.
 */
const POLL_MS = 60_000;

type Charts = typeof import('./dashboard-charts.js');

/** The figures as text: what each chart says, for everyone who does not read the chart. */
function summaries(o: SupervisionOverview) {
  const stage = Object.fromEntries(o.stages.map((s) => [s.stage, s.count]));
  const sum = (k: 'tenders' | 'bids' | 'openings') => o.trend.reduce((n, d) => n + d[k], 0);
  const severity = Object.fromEntries(o.alerts.bySeverity.map((s) => [s.severity, s.open + s.acknowledged]));
  return {
    stages: t('dashboard.stagesSummary', {
      pre: stage['pre-bid'] ?? 0,
      in: stage['in-bid'] ?? 0,
      post: stage['post-bid'] ?? 0,
      ended: stage.ended ?? 0,
    }),
    trend: t('dashboard.trendSummary', {
      tenders: sum('tenders'),
      bids: sum('bids'),
      openings: sum('openings'),
    }),
    alerts: t('dashboard.alertsSummary', {
      critical: severity.critical ?? 0,
      warning: severity.warning ?? 0,
      info: severity.info ?? 0,
    }),
  };
}

/** The headline figures: tenders per stage, today's bids, alerts waiting, overdue items. */
function figures(o: SupervisionOverview): HTMLElement {
  const figure = (testId: string, label: string, value: number, to?: string) =>
    h(
      to ? 'a' : 'div',
      { class: 'sv-dash-figure', 'data-testid': testId, ...(to && { href: to }) },
      h('span', { class: 'sv-dash-value' }, value),
      h('span', { class: 'sv-dash-label' }, label),
    );
  const waiting = o.alerts.bySeverity.reduce((n, s) => n + s.open + s.acknowledged, 0);
  return h(
    'div',
    { class: 'sv-dash-figures' },
    o.stages.map((s) => figure(`stage-${s.stage}`, t(`dashboard.stage.${s.stage}`), s.count)),
    figure('bids-today', t('dashboard.kpi.bidsToday'), o.trend.at(-1)?.bids ?? 0),
    figure('alerts-waiting', t('dashboard.kpi.alerts'), waiting, href('supervision/alerts')),
    figure('overdue-count', t('dashboard.kpi.overdue'), o.overdue.length),
  );
}

/** A panel: its heading, the chart (hidden from screen readers), the summary, and the table. */
function panel(testId: string, title: string, ...body: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'card sv-dash-panel', 'data-testid': testId }, h('h2', {}, title), ...body);
}

/**
 * `#/supervision` (监督首页): the supervisors' live dashboard, from GET /supervision/overview, read again
 * whenever `/supervision` pushes a change (and every minute). Charts are Apache ECharts, loaded on first
 * show; every chart has its figures in words and in a table beside it.
 */
export function dashboardPage(): HTMLElement {
  const chartEls = {
    stages: h('div', { class: 'sv-dash-chart', 'aria-hidden': 'true', 'data-testid': 'chart-stages' }),
    trend: h('div', {
      class: 'sv-dash-chart sv-dash-chart-wide',
      'aria-hidden': 'true',
      'data-testid': 'chart-trend',
    }),
    alerts: h('div', { class: 'sv-dash-chart', 'aria-hidden': 'true', 'data-testid': 'chart-alerts' }),
  };
  const parts = {
    figures: h('div', {}),
    stages: h('div', {}),
    trend: h('div', {}),
    alerts: h('div', {}),
    openings: h('div', {}),
    evaluations: h('div', {}),
    overdue: h('div', {}),
    overdueIntro: h('p', { class: 'muted' }),
  };
  const status = h('p', {
    class: 'muted sv-dash-status',
    'data-testid': 'dashboard-updated',
    'aria-live': 'polite',
  });
  const error = h('div', {});
  const refreshButton = h(
    'button',
    { type: 'button', class: 'btn btn-secondary', 'data-testid': 'dashboard-refresh' },
    t('dashboard.refresh'),
  );
  const root = h(
    'section',
    { class: 'sv-dash', 'data-testid': 'supervision-dashboard' },
    h(
      'div',
      { class: 'sv-dash-head' },
      h(
        'div',
        {},
        h('h1', {}, t('dashboard.title')),
        h('p', { class: 'muted' }, t('dashboard.intro'), ' ', t('dashboard.live')),
      ),
      h(
        'div',
        { class: 'sv-dash-actions' },
        refreshButton,
        h('a', { class: 'btn', href: href('supervision/alerts') }, t('dashboard.toAlerts')),
        h('a', { class: 'btn', href: href('supervision/digest') }, t('digest.title')),
      ),
    ),
    status,
    error,
    parts.figures,
    h(
      'div',
      { class: 'sv-dash-grid' },
      panel('panel-openings', t('dashboard.openingsTitle'), parts.openings),
      panel('panel-evaluations', t('dashboard.evaluationsTitle'), parts.evaluations),
      panel('panel-stages', t('dashboard.stagesTitle'), chartEls.stages, parts.stages),
      panel('panel-alerts', t('dashboard.alertsTitle'), chartEls.alerts, parts.alerts),
      panel('panel-trend', t('dashboard.trendTitle'), chartEls.trend, parts.trend),
      panel('panel-overdue', t('dashboard.overdueTitle'), parts.overdueIntro, parts.overdue),
    ),
  );

  let charts: { stages: Chart; trend: Chart; alerts: Chart } | null = null;
  let chartsModule: Promise<Charts> | null = null;
  const drawCharts = async (o: SupervisionOverview) => {
    chartsModule ??= import('./dashboard-charts.js');
    const c = await chartsModule;
    // Built before it is mounted: each chart waits for its element's size (ResizeObserver).
    charts ??= {
      stages: new c.Chart(chartEls.stages),
      trend: new c.Chart(chartEls.trend),
      alerts: new c.Chart(chartEls.alerts),
    };
    // Empty stages stay out of the pie (their labels would pile up on one point); the table lists them.
    charts.stages.set(
      c.pieOption(
        o.stages
          .filter((s) => s.count > 0)
          .map((s) => ({ name: t(`dashboard.stage.${s.stage}`), value: s.count })),
      ),
    );
    charts.trend.set(
      c.trendOption({
        days: o.trend.map((d) => d.date.slice(5)),
        tenders: o.trend.map((d) => d.tenders),
        bids: o.trend.map((d) => d.bids),
        openings: o.trend.map((d) => d.openings),
        names: {
          tenders: t('dashboard.series.tenders'),
          bids: t('dashboard.series.bids'),
          openings: t('dashboard.series.openings'),
        },
      }),
    );
    const severities = SEVERITIES.map((s) => o.alerts.bySeverity.find((x) => x.severity === s));
    charts.alerts.set(
      c.severityOption({
        labels: SEVERITIES.map((s) => t(`dashboard.severity.${s}`)),
        open: severities.map((s) => s?.open ?? 0),
        acknowledged: severities.map((s) => s?.acknowledged ?? 0),
        colors: SEVERITIES.map((s) => c.COLORS[s]),
        names: { open: t('dashboard.colOpen'), acknowledged: t('dashboard.colAcknowledged') },
      }),
    );
  };

  const show = (o: SupervisionOverview) => {
    const text = summaries(o);
    mount(parts.figures, figures(o));
    mount(parts.stages, h('p', { 'data-testid': 'stages-summary' }, text.stages), stagesTable(o));
    mount(
      parts.trend,
      h('p', { 'data-testid': 'trend-summary' }, text.trend),
      h('details', {}, h('summary', {}, t('dashboard.trendTable')), trendTable(o)),
    );
    mount(parts.alerts, h('p', { 'data-testid': 'alerts-summary' }, text.alerts), alertTables(o));
    mount(parts.openings, openingsTable(o));
    mount(parts.evaluations, evaluationsTable(o));
    mount(
      parts.overdueIntro,
      t('dashboard.overdueIntro', { grace: o.settings.openingGraceMinutes, days: o.settings.alertDays }),
    );
    mount(parts.overdue, overdueTable(o));
    status.textContent = t('dashboard.updatedAt', { time: formatDateTime(o.generatedAt) });
    STAGES.forEach((s) =>
      root.setAttribute(`data-${s}`, String(o.stages.find((x) => x.stage === s)?.count ?? 0)),
    );
    void drawCharts(o).catch(() => undefined); // the tables say it all if the chart chunk fails to load
  };

  const load = oneReadAtATime(async () => {
    try {
      show(await overviewApi.read());
      mount(error);
    } catch (err) {
      mount(error, errorBox(err, 'dashboard-error'));
    }
  });

  let timer: ReturnType<typeof setTimeout> | null = null;
  const soon = () => {
    timer ??= setTimeout(() => {
      timer = null;
      if (root.isConnected) void load();
    }, REFETCH_DELAY_MS);
  };
  const unsubscribe = subscribeSupervision(() => {
    if (!root.isConnected && entered) return leave();
    soon();
  });
  const poll = setInterval(() => {
    if (root.isConnected) void load();
    else if (entered) leave();
  }, POLL_MS);
  // The page is built before it is mounted; it counts as left once it was shown and is no longer.
  let entered = false;
  requestAnimationFrame(() => (entered = root.isConnected));
  function leave() {
    unsubscribe();
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    for (const chart of Object.values(charts ?? {})) chart.dispose();
    charts = null;
  }
  window.addEventListener('hashchange', leave, { once: true });
  refreshButton.addEventListener('click', () => void load());
  void load();
  return root;
}
