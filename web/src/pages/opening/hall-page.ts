import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import { HallClient } from './hall-client.js';
import type { HallEvent, HallSnapshot } from './hall-types.js';
import { duration, eventLine, progressView } from './hall-views.js';
import { objectionsView } from './hall-objections.js';

/**
 * The opening hall (开标大厅) of one tender, live: the countdown (server time, so a wrong local clock does
 * not matter), check-in and objections for bidders, answers for whoever runs the tender, each bid's
 * progress, the record once published; supervisors also see who did each step and from where.
 */
export function openingHallPage(tenderId: string): HTMLElement {
  const root = h('section', { class: 'opening-hall', 'data-testid': 'opening-hall' });
  const head = h('div', { class: 'hall-head' });
  const countdown = h('p', { class: 'hall-countdown', 'data-testid': 'hall-countdown' });
  const status = h('p', { class: 'muted', 'data-testid': 'hall-connection' }, t('common.loading'));
  const actions = h('div', { class: 'hall-actions' });
  const messages = h('div', { 'aria-live': 'polite' });
  const progress = h('div', { class: 'card' });
  const objections = h('div', { class: 'card', 'data-testid': 'hall-objections' });
  const log = h('ol', { class: 'hall-log', 'data-testid': 'hall-log' });
  // Said in words while the log is empty; CSS hides it once the first step is listed.
  const logEmpty = h(
    'p',
    { class: 'muted hall-log-empty', 'data-testid': 'hall-log-empty' },
    t('hall.logEmpty'),
  );
  mount(
    root,
    head,
    countdown,
    status,
    messages,
    actions,
    h('h2', {}, t('hall.progress')),
    progress,
    h('h2', {}, t('hall.objections')),
    objections,
    h('h2', {}, t('hall.log')),
    logEmpty,
    log,
  );

  let state: HallSnapshot | null = null;
  const logged = new Set<string>();
  const logLine = (event: HallEvent) => {
    logged.add(event.id);
    logEmpty.hidden = true;
    return eventLine(event);
  };
  let offsetMs = 0;
  const act = async (work: () => Promise<unknown>) => {
    messages.replaceChildren();
    try {
      await work();
      await client.join();
    } catch (err) {
      messages.replaceChildren(errorBox(err, 'hall-error'));
    }
  };

  const tick = () => {
    if (!root.isConnected && state) return clearInterval(timer);
    if (!state) return;
    const left = new Date(state.openingTime).getTime() - (Date.now() + offsetMs);
    countdown.textContent = left > 0 ? t('hall.countdown', { time: duration(left) }) : t('hall.opened');
  };
  const timer = setInterval(tick, 1000);

  const renderActions = (s: HallSnapshot) => {
    const items: HTMLElement[] = [];
    const checkIns =
      s.checkIns.count === null ? t('hall.checkInsHidden') : t('hall.checkIns', { count: s.checkIns.count });
    items.push(h('p', { 'data-testid': 'hall-checkins' }, checkIns));
    if (s.you?.role === 'bidder') {
      items.push(
        s.you.checkedIn
          ? h(
              'span',
              { class: 'badge badge-verified', 'data-testid': 'hall-checked-in' },
              t('hall.checkedIn'),
            )
          : h(
              'button',
              {
                class: 'btn btn-primary',
                'data-testid': 'hall-check-in',
                onclick: () => void act(() => client.step('hall:check-in', {})),
              },
              t('hall.checkIn'),
            ),
      );
    }
    if (s.audience === 'supervisor') {
      items.push(h('p', { class: 'alert', 'data-testid': 'hall-supervisor' }, t('hall.viewSupervisor')));
      for (const c of s.checkIns.list) items.push(h('ul', {}, eventLine(c)));
    } else if (!s.you)
      items.push(h('p', { class: 'muted', 'data-testid': 'hall-public' }, t('hall.viewPublic')));
    actions.replaceChildren(...items);
  };

  const render = (s: HallSnapshot) => {
    state = s;
    offsetMs = new Date(s.serverTime).getTime() - Date.now();
    mount(
      head,
      h(
        'p',
        {},
        h('a', { href: href(`tenders/${s.tenderId}`), 'data-testid': 'hall-back' }, t('hall.backToTender')),
      ),
      h('h1', {}, `${t('hall.title')} · ${s.title}`),
      h(
        'p',
        {},
        h('span', { class: 'mono' }, s.code),
        ' ',
        t('hall.openingTime', { time: formatDateTime(s.openingTime) }),
      ),
    );
    renderActions(s);
    mount(progress, progressView(s.opening));
    mount(objections, objectionsView(s, act, client));
    tick();
  };

  const client = new HallClient(tenderId, {
    snapshot(s) {
      render(s);
      // A rejoin brings only the events after the last one seen: the log grows, never restarts.
      log.append(...s.events.filter((e) => !logged.has(e.id)).map(logLine));
    },
    event(event: HallEvent) {
      if (!logged.has(event.id)) log.append(logLine(event));
      // Steps that change the whole state (counts, who may object, the objections) bring a fresh snapshot.
      if (!event.kind.startsWith('opening.share') && event.kind !== 'opening.bid-settled') void client.join();
    },
    progress(opening) {
      if (state) state.opening = opening;
      mount(progress, progressView(opening));
    },
    connection(live) {
      status.textContent = live ? t('hall.connected') : t('hall.reconnecting');
    },
  });
  // The first paint comes over HTTP; the socket's join then keeps it current.
  api.openingHall<HallSnapshot>(tenderId).then(
    (s) => {
      if (!state) render(s);
    },
    (err: unknown) => messages.replaceChildren(errorBox(err, 'hall-error')),
  );
  // Leaving the page closes the connection.
  window.addEventListener('hashchange', () => client.close(), { once: true });
  return root;
}
