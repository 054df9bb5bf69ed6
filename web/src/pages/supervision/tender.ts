import { h, mount, type Child } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { TenderView } from '../../tender-types.js';
import { tenderStatusBadge } from '../../tender-ui.js';
import { tendersApi } from '../../tenders-api.js';
import { errorBox } from '../../ui.js';
import { openAlertDialog } from './alert-dialog.js';
import { alertsTable } from './alerts-table.js';
import { instructionPanel } from './instruction-panel.js';
import { refreshWhileShown } from './live-refresh.js';
import { oneReadAtATime } from '../../one-read-at-a-time.js';
import { supervisionApi, type EvaluationSummary, type SupervisionAlertView } from './tender-api.js';
import { bidsTable, downloadsTable, timelineSection } from './tender-sections.js';
import './alerts-tender.css';

/**
 * `#/supervision/tenders/<id>` (项目监督): one tender for oversight — its header with the key dates and the
 * links into the opening hall and the evaluation rooms, its alerts (taken up and resolved here), the
 * supervisory instructions, the full audited timeline, who bid (address, device, deposit account) and who
 * downloaded the documents. Follows the tender live.
 */
export function supervisionTenderPage(tenderId: string): HTMLElement {
  const header = h('div', { 'aria-live': 'polite' }, h('span', { class: 'muted' }, t('common.loading')));
  const alerts = h('div', { 'aria-live': 'polite' });
  const bids = h('div', {});
  const downloads = h('div', {});
  const timeline = timelineSection(tenderId);
  const section = (id: string, title: string, body: HTMLElement) =>
    h('section', { class: 'card sv-section', id, tabindex: -1, 'data-testid': id }, h('h2', {}, title), body);

  let title: string | null = null;
  const openAlert = (alert: SupervisionAlertView) => openAlertDialog(alert, title, () => void refresh());
  const loadHeader = () =>
    Promise.all([tendersApi.get(tenderId), supervisionApi.evaluations().catch(() => [])]).then(
      ([tender, evaluations]) => {
        title = tender.title;
        mount(
          header,
          ...head(
            tender,
            evaluations.filter((e) => e.tenderId === tenderId),
          ),
        );
      },
      (error: unknown) => mount(header, errorBox(error)),
    );
  const loadAlerts = () =>
    supervisionApi.alerts({ tenderId }).then(
      (items) =>
        mount(
          alerts,
          items.length === 0
            ? h('p', { class: 'muted' }, t('alerts.none'))
            : alertsTable(items, new Map(), openAlert, false),
        ),
      (error: unknown) => mount(alerts, errorBox(error)),
    );
  const loadBids = () =>
    supervisionApi.bids(tenderId).then(
      (report) => mount(bids, bidsTable(report)),
      () => mount(bids, h('p', { class: 'muted' }, t('svTender.bidsHidden'))),
    );
  const loadDownloads = () =>
    supervisionApi.downloads(tenderId).then(
      (report) => mount(downloads, downloadsTable(report)),
      (error: unknown) => mount(downloads, errorBox(error)),
    );
  const refresh = oneReadAtATime(() =>
    Promise.all([loadHeader(), loadAlerts(), loadBids(), loadDownloads(), timeline.load()]),
  );

  const instructions = h(
    'div',
    { id: 'sv-instructions', tabindex: -1 },
    instructionPanel(tenderId, () => void refresh()),
  );
  const root = h(
    'section',
    { class: 'sv-page', 'data-testid': 'supervision-tender' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('supervision/alerts') }, t('svTender.back'))),
    header,
    section('sv-alerts', t('svTender.alerts'), alerts),
    instructions,
    timeline.element,
    section('sv-bids', t('svTender.bids'), bids),
    section('sv-downloads', t('svTender.downloads'), downloads),
  );
  void refresh();
  refreshWhileShown(root, tenderId, () => void refresh());
  return root;
}

/** The tender's name, code, status, parties and key dates in Beijing time, and where to go from here. */
function head(tender: TenderView, evaluations: EvaluationSummary[]): Child[] {
  const fact = (label: string, value: Child) => [h('dt', {}, label), h('dd', {}, value)];
  return [
    h(
      'header',
      { class: 'tender-head' },
      h('p', { class: 'muted' }, t('svTender.title')),
      h('h1', { 'data-testid': 'sv-tender-title' }, tender.title),
      h(
        'dl',
        { class: 'details sv-facts-grid' },
        ...fact(t('svTender.status'), tenderStatusBadge(tender.status)),
        ...fact(t('svTender.code'), h('span', { class: 'mono' }, tender.code)),
        ...fact(t('svTender.tenderee'), tender.tenderee.name),
        ...(tender.agency ? fact(t('svTender.agency'), tender.agency.name) : []),
        ...fact(t('svTender.publishedAt'), formatDateTime(tender.publishedAt)),
        ...fact(
          t('svTender.documentsPeriod'),
          `${formatDateTime(tender.schedule.documentsFrom)} – ${formatDateTime(tender.schedule.documentsTo)}`,
        ),
        ...fact(t('svTender.clarificationDeadline'), formatDateTime(tender.schedule.clarificationDeadline)),
        ...fact(
          t('svTender.bidDeadline'),
          h('strong', { 'data-testid': 'sv-bid-deadline' }, formatDateTime(tender.schedule.bidDeadline)),
        ),
      ),
      h(
        'nav',
        { class: 'sv-links', 'aria-label': t('svTender.links') },
        h('a', { class: 'btn btn-small', href: href(`tenders/${tender.id}`) }, t('svTender.notice')),
        h(
          'a',
          {
            class: 'btn btn-small',
            href: href(`tenders/${tender.id}/opening`),
            'data-testid': 'sv-hall-link',
          },
          t('svTender.openingHall'),
        ),
        ...(evaluations.length
          ? evaluations.map((e) =>
              h(
                'a',
                {
                  class: 'btn btn-small',
                  href: href(`evaluations/${e.evaluationId}`),
                  'data-testid': 'sv-evaluation-link',
                },
                t('svTender.evaluationRoom', { section: e.sectionName }),
              ),
            )
          : [h('span', { class: 'muted' }, t('svTender.noEvaluation'))]),
      ),
      h('p', { class: 'muted' }, t('svTender.live')),
    ),
  ];
}
