import { request } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t, type MessageKey } from '../i18n/index.js';
import { errorBox } from '../ui.js';

interface PendingRequest {
  id: string;
  kind: 'objection' | 'repair';
  reason: string;
  filedByName: string;
  filedAt: string;
  record: { kindName: string; subjectName: string; summary: string };
}

/**
 * 信用异议与修复 (`#/credit-requests`, supervisors): the objections and repair applications awaiting a
 * decision, oldest first; each is granted or refused with a note (the server audits the decision).
 */
export function creditRequestsPage(): HTMLElement {
  const list = h(
    'div',
    { 'data-testid': 'credit-requests' },
    h('p', { class: 'muted' }, t('common.loading')),
  );
  const load = () =>
    request<{ items: PendingRequest[] }>('GET', '/credit/requests').then(
      ({ items }) =>
        mount(
          list,
          items.length === 0
            ? h('p', { class: 'empty' }, t('credit.requestsNone'))
            : h('ol', { class: 'notice-list card' }, ...items.map((q) => item(q, load))),
        ),
      (error: unknown) => mount(list, errorBox(error)),
    );
  void load();
  return h('section', { class: 'notices credit' }, h('h1', {}, t('credit.requestsTitle')), list);
}

function item(q: PendingRequest, reload: () => Promise<void>): HTMLElement {
  const note = h('textarea', {
    name: 'note',
    rows: 2,
    maxlength: '2000',
    required: true,
    'aria-label': t('credit.note'),
  });
  const message = h('div', { role: 'status' });
  const decide = (grant: boolean) => async () => {
    try {
      await request('POST', `/credit/requests/${q.id}/decision`, { grant, note: note.value.trim() });
      await reload();
    } catch (error) {
      mount(message, errorBox(error));
    }
  };
  return h(
    'li',
    { class: 'notice', 'data-testid': 'credit-request' },
    h('span', { class: 'badge' }, t(`credit.request.${q.kind}` as MessageKey)),
    h(
      'div',
      { class: 'notice-main' },
      h('strong', { class: 'notice-title' }, `${q.record.subjectName}：${q.record.kindName}`),
      h('p', {}, q.record.summary),
      h('p', {}, t('credit.requestReason', { reason: q.reason })),
      h(
        'small',
        { class: 'muted' },
        t('credit.requestFiled', { name: q.filedByName, at: formatDateTime(q.filedAt) }),
      ),
      h('label', {}, t('credit.note'), note),
      h(
        'p',
        {},
        h('button', { type: 'button', class: 'btn btn-primary', onclick: decide(true) }, t('credit.grant')),
        ' ',
        h('button', { type: 'button', class: 'btn', onclick: decide(false) }, t('credit.refuse')),
      ),
      message,
    ),
  );
}
