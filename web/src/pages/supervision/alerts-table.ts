import { h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { tendersApi } from '../../tenders-api.js';
import { alertStatusBadge, indicatorName, severityBadge } from './alert-words.js';
import type { SupervisionAlertView } from './tender-api.js';

/** Tender names by id, asked once per page load: alerts name their tender by id only. */
const names = new Map<string, Promise<string | null>>();

export function tenderName(id: string): Promise<string | null> {
  let name = names.get(id);
  if (!name) {
    name = tendersApi.get(id).then(
      (tender) => tender.title,
      () => null,
    );
    names.set(id, name);
  }
  return name;
}

export async function tenderNames(alerts: SupervisionAlertView[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(alerts.map((a) => a.tenderId))];
  const found = await Promise.all(ids.map(tenderName));
  return new Map(ids.map((id, i) => [id, found[i] ?? null]));
}

/**
 * Alerts as a table that becomes one card per alert on a narrow screen (each cell says what it is), with a
 * button per alert that opens it. `withTender` leaves the tender column out on the tender's own page.
 */
export function alertsTable(
  alerts: SupervisionAlertView[],
  tenders: Map<string, string | null>,
  open: (alert: SupervisionAlertView) => void,
  withTender = true,
): HTMLElement {
  const cell = (label: MessageKey, ...content: (Node | string)[]) =>
    h('td', { 'data-label': t(label) }, h('div', { class: 'sv-cell' }, ...content));
  const head = (label: MessageKey) => h('th', { scope: 'col' }, t(label));
  return h(
    'div',
    { class: 'table-wrap sv-cards-wrap' },
    h(
      'table',
      { class: 'table sv-cards', 'data-testid': 'alerts-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head('alerts.colIndicator'),
          head('alerts.colSeverity'),
          withTender ? head('alerts.colTender') : null,
          head('alerts.colRaised'),
          head('alerts.colStatus'),
          head('alerts.colActions'),
        ),
      ),
      h(
        'tbody',
        {},
        ...alerts.map((alert) =>
          h(
            'tr',
            { 'data-testid': 'alert-row', 'data-indicator': alert.indicator, 'data-status': alert.status },
            cell('alerts.colIndicator', h('strong', {}, indicatorName(alert.indicator))),
            cell('alerts.colSeverity', severityBadge(alert.severity)),
            withTender
              ? cell(
                  'alerts.colTender',
                  h(
                    'a',
                    { href: href(`supervision/tenders/${alert.tenderId}`) },
                    tenders.get(alert.tenderId) ?? t('alerts.openTender'),
                  ),
                )
              : null,
            cell('alerts.colRaised', h('span', { class: 'nowrap' }, formatDateTime(alert.raisedAt))),
            cell('alerts.colStatus', alertStatusBadge(alert.status)),
            cell(
              'alerts.colActions',
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  'data-testid': 'alert-open',
                  onclick: () => open(alert),
                },
                t('alerts.view'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
