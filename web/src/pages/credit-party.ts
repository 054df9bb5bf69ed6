import { request } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { locale, t, type MessageKey } from '../i18n/index.js';
import { href } from '../router.js';
import { errorBox } from '../ui.js';

interface RecordView {
  id: string;
  publicityUntil: string;
  kindName: { zh: string; en: string };
  severity: 'good' | 'minor' | 'serious';
  barring: boolean;
  basis: string;
  summary: string;
  validFrom: string;
  validUntil: string | null;
  visibility: 'public' | 'restricted';
  status: 'active' | 'objected' | 'expired' | 'revoked' | 'repaired';
}

interface PartyPage {
  party: { name: string; uscc: string };
  score: number;
  barred: boolean;
  records: RecordView[];
  /** The viewer is the party itself: it may object or apply for repair. */
  canRequest: boolean;
}

/**
 * A party's credit page (`#/credit/<USCC>`): its score and its records, newest first; the public sees public
 * records, the party itself and supervisors see all of them (the server decides).
 */
export function creditPartyPage(uscc: string): HTMLElement {
  const body = h('div', { 'data-testid': 'credit-party' }, h('p', { class: 'muted' }, t('common.loading')));
  const load = () =>
    request<PartyPage>('GET', `/credit/parties/${encodeURIComponent(uscc)}`).then(
      (page) => mount(body, partyView(page, load)),
      (error: unknown) => mount(body, errorBox(error)),
    );
  void load();
  return h(
    'section',
    { class: 'notices credit' },
    h('p', {}, h('a', { href: href('credit') }, t('credit.back'))),
    body,
  );
}

function partyView(page: PartyPage, reload: () => Promise<void>): HTMLElement {
  return h(
    'div',
    {},
    h('h1', {}, t('credit.partyTitle', { name: page.party.name })),
    h('p', { class: 'muted' }, t('credit.uscc', { uscc: page.party.uscc })),
    h(
      'p',
      {},
      h(
        'span',
        { class: 'badge', 'data-testid': 'credit-party-score' },
        t('credit.score', { score: page.score }),
      ),
      page.barred ? h('span', { class: 'badge badge-rejected' }, t('credit.barred')) : null,
    ),
    page.records.length === 0
      ? h('p', { class: 'empty' }, t('credit.noRecords'))
      : h(
          'ol',
          { class: 'notice-list card' },
          ...page.records.map((r) => record(r, page.canRequest, reload)),
        ),
  );
}

function record(r: RecordView, canRequest: boolean, reload: () => Promise<void>): HTMLElement {
  const name = locale() === 'en' ? r.kindName.en : r.kindName.zh;
  return h(
    'li',
    { class: 'notice', 'data-testid': 'credit-record' },
    h(
      'span',
      { class: `badge badge-credit-${r.severity}` },
      t(`credit.severity.${r.severity}` as MessageKey),
    ),
    h(
      'div',
      { class: 'notice-main' },
      h('strong', { class: 'notice-title' }, name),
      h('p', {}, r.summary),
      h('small', { class: 'muted' }, t('credit.basis', { basis: r.basis })),
      h(
        'p',
        {},
        t('credit.period', {
          from: formatDateTime(r.validFrom),
          until: r.validUntil ? formatDateTime(r.validUntil) : t('credit.noEnd'),
        }),
        ' · ',
        h('span', { 'data-testid': 'credit-status' }, t(`credit.status.${r.status}` as MessageKey)),
        r.visibility === 'restricted' ? h('small', { class: 'muted' }, ` · ${t('credit.restricted')}`) : null,
      ),
      canRequest && r.severity !== 'good' && r.status === 'active' ? requestForm(r, reload) : null,
    ),
  );
}

/** The party's own objection (异议) or repair application (信用修复, from the end of the minimum publicity). */
function requestForm(r: RecordView, reload: () => Promise<void>): HTMLElement {
  const reason = h('textarea', {
    name: 'reason',
    rows: 3,
    minlength: '5',
    maxlength: '2000',
    'aria-label': t('credit.reason'),
    'data-testid': 'credit-reason',
  });
  const message = h('div', { role: 'status' });
  const send = (kind: 'objections' | 'repairs') => async () => {
    try {
      await request('POST', `/credit/records/${r.id}/${kind}`, { reason: reason.value.trim() });
      await reload();
    } catch (error) {
      mount(message, errorBox(error));
    }
  };
  return h(
    'details',
    { class: 'credit-request-form' },
    h('summary', {}, t('credit.requestOpen')),
    h('label', {}, t('credit.reason'), reason),
    h('p', { class: 'muted' }, t('credit.repairFrom', { at: formatDateTime(r.publicityUntil) })),
    h(
      'p',
      {},
      h(
        'button',
        { type: 'button', class: 'btn', onclick: send('objections'), 'data-testid': 'credit-object' },
        t('credit.object'),
      ),
      ' ',
      h(
        'button',
        { type: 'button', class: 'btn', onclick: send('repairs'), 'data-testid': 'credit-repair' },
        t('credit.repair'),
      ),
    ),
    message,
  );
}
