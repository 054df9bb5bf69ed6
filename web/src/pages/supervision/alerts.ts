import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { errorBox } from '../../ui.js';
import { openAlertDialog } from './alert-dialog.js';
import { alertsTable, tenderName, tenderNames } from './alerts-table.js';
import { refreshWhileShown } from './live-refresh.js';
import { oneReadAtATime } from '../../one-read-at-a-time.js';
import { supervisionApi, type SupervisionAlertStatus, type SupervisionAlertView } from './tender-api.js';
import './alerts-tender.css';

const STATUSES: SupervisionAlertStatus[] = ['open', 'acknowledged', 'resolved'];

/**
 * `#/supervision/alerts` (监督预警): the alerts by status (`?status=open`), newest first, each opened in a
 * dialog to be taken up and resolved; `?alert=<id>` opens one at once (the timeline links here). Live: a
 * raised or moved alert refreshes the list.
 */
export function alertsPage(params: URLSearchParams): HTMLElement {
  const status = STATUSES.find((s) => s === params.get('status'));
  const list = h('div', { 'data-testid': 'alerts-list', 'aria-live': 'polite' });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const root = h(
    'section',
    { class: 'sv-page', 'data-testid': 'alerts-page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('supervision') }, t('alerts.backToDashboard'))),
    h('h1', {}, t('alerts.title')),
    h('p', { class: 'muted' }, t('alerts.intro'), ' ', t('alerts.live')),
    filters(status),
    messages,
    list,
  );

  const open = (alert: SupervisionAlertView) =>
    void tenderName(alert.tenderId).then((name) => openAlertDialog(alert, name, () => void load()));
  const load = oneReadAtATime(async () => {
    try {
      const alerts = await supervisionApi.alerts({ status });
      const tenders = await tenderNames(alerts);
      mount(
        list,
        alerts.length === 0
          ? h('p', { class: 'muted', 'data-testid': 'alerts-empty' }, t('alerts.none'))
          : alertsTable(alerts, tenders, open),
      );
    } catch (error) {
      mount(list, errorBox(error));
    }
  });

  mount(list, h('span', { class: 'muted' }, t('common.loading')));
  void load();
  const wanted = params.get('alert');
  if (wanted) supervisionApi.alert(wanted).then(open, (error: unknown) => mount(messages, errorBox(error)));
  refreshWhileShown(root, null, () => void load());
  return root;
}

/** 全部 / 待受理 / 处理中 / 已办结, as links that keep the choice in the address. */
function filters(current: SupervisionAlertStatus | undefined): HTMLElement {
  const choice = (status: SupervisionAlertStatus | undefined, label: string) =>
    h(
      'a',
      {
        href: href('supervision/alerts', { status }),
        class: `btn btn-small ${status === current ? 'btn-primary' : ''}`,
        'aria-current': status === current ? 'page' : undefined,
        'data-testid': `alerts-filter-${status ?? 'all'}`,
        onclick: (event: Event) => {
          event.preventDefault();
          navigate('supervision/alerts', { status });
        },
      },
      label,
    );
  return h(
    'nav',
    { class: 'sv-filters', 'aria-label': t('alerts.filterStatus') },
    choice(undefined, t('common.all')),
    ...STATUSES.map((s) => choice(s, t(`alerts.status.${s}`))),
  );
}
