import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import { complaintsApi, type PublishedDecisionView } from './api.js';
import './complaints.css';

/** `#/complaints/decisions`: the published complaint decisions, for everyone (signed in or not). */
export function decisionsPage(): HTMLElement {
  const list = h('div', { 'data-testid': 'decisions-list', 'aria-live': 'polite' });
  mount(list, h('span', { class: 'muted' }, t('common.loading')));
  complaintsApi.decisions().then(
    (items) =>
      mount(
        list,
        items.length === 0
          ? h('p', { class: 'muted', 'data-testid': 'decisions-empty' }, t('complaints.decisionsNone'))
          : h('ol', { class: 'plain-list' }, ...items.map(decisionItem)),
      ),
    (error: unknown) => mount(list, errorBox(error)),
  );
  return h(
    'section',
    { class: 'sv-page', 'data-testid': 'decisions-page' },
    h('h1', {}, t('complaints.decisionsTitle')),
    h('p', { class: 'muted' }, t('complaints.decisionsIntro')),
    list,
  );
}

function decisionItem(d: PublishedDecisionView): HTMLElement {
  return h(
    'li',
    { class: 'card', 'data-testid': 'decision-item' },
    h('h2', {}, h('a', { href: href(`tenders/${d.tender.id}`) }, d.tender.title)),
    h(
      'p',
      {},
      h('strong', {}, t(`complaints.conclusion.${d.conclusion}`)),
      ' · ',
      t('complaints.complainantLine', { name: d.complainantName }),
      ' · ',
      t('complaints.decidedOn', { time: formatDateTime(d.decidedAt) }),
    ),
    h('p', { class: 'complaint-text' }, d.text),
  );
}
