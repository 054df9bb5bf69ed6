/** 我的邀请与消息: the expert confirms or declines (with a reason) each invitation in time; in-app messages. */
import { h, mount } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { cursorPager } from '../../pager.js';
import { href } from '../../router.js';
import { errorBox } from '../../ui.js';
import { askDecision } from '../decision-dialog.js';
import { drawsApi, expertsApi, type CatalogEntry, type InboxMessage, type Invitation } from './api.js';
import { explainedError, loadCatalog, memberStatusBadge, notice, specialtyLabel } from './common.js';

export function inboxPage(): HTMLElement {
  const messages = h('div', { class: 'messages', 'data-testid': 'inbox-messages' });
  const invitations = h('div', {}, h('span', { class: 'muted' }, t('common.loading')));
  let catalog: Map<string, CatalogEntry> | null = null;

  async function loadInvitations(): Promise<void> {
    catalog ??= await loadCatalog().catch(() => null);
    try {
      const items = await expertsApi.invitations();
      mount(
        invitations,
        items.length === 0
          ? h('p', { class: 'empty', 'data-testid': 'invitations-empty' }, t('inbox.noInvitations'))
          : h('div', { class: 'ex-stack' }, items.map(card)),
      );
    } catch (error) {
      mount(invitations, errorBox(error));
    }
  }

  function card(inv: Invitation): HTMLElement {
    const open = inv.status === 'invited';
    return h(
      'article',
      {
        class: 'card ex-invitation',
        'data-testid': 'invitation',
        'data-draw-id': inv.drawId,
        'data-status': inv.status,
      },
      h(
        'div',
        { class: 'page-head' },
        h('h3', {}, h('span', { class: 'mono' }, inv.tenderCode), ' ', inv.tenderTitle),
        memberStatusBadge(inv.status),
      ),
      h(
        'dl',
        { class: 'details' },
        h('dt', {}, t('draw.slot.specialty')),
        h('dd', {}, specialtyLabel(inv.specialty, catalog)),
        h('dt', {}, t('draw.evaluationDate')),
        h('dd', {}, inv.evaluationDate),
        h('dt', {}, t('draw.place')),
        h('dd', {}, inv.place),
        h('dt', {}, open ? t('inbox.respondBy') : t('inbox.respondedAt')),
        h('dd', { 'data-testid': 'respond-by' }, formatDateTime(open ? inv.respondBy : inv.respondedAt)),
      ),
      h(
        'div',
        { class: 'form-actions ex-inline' },
        h(
          'a',
          { class: 'btn btn-small btn-ghost', href: href(`expert-draws/${inv.drawId}`) },
          t('inbox.viewDraw'),
        ),
        open
          ? [
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-danger',
                  'data-testid': 'invitation-decline',
                  onclick: () => void answer(inv, 'decline'),
                },
                t('inbox.decline'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-primary',
                  'data-testid': 'invitation-confirm',
                  onclick: () => void answer(inv, 'confirm'),
                },
                t('inbox.confirm'),
              ),
            ]
          : null,
      ),
    );
  }

  async function answer(inv: Invitation, decision: 'confirm' | 'decline'): Promise<void> {
    const reason = await askDecision(
      decision === 'confirm'
        ? {
            title: t('inbox.confirmTitle', { title: inv.tenderTitle }),
            body: t('inbox.confirmBody', { date: inv.evaluationDate, place: inv.place }),
            confirmLabel: t('inbox.confirm'),
            withReason: false,
          }
        : {
            title: t('inbox.declineTitle', { title: inv.tenderTitle }),
            body: t('inbox.declineBody'),
            confirmLabel: t('inbox.decline'),
            withReason: true,
            danger: true,
            reasonLabel: t('inbox.declineReason'),
            reasonMissing: t('inbox.declineReasonMissing'),
          },
    );
    if (reason === null) return;
    try {
      await drawsApi.respond(inv.drawId, decision, decision === 'decline' ? reason : undefined);
      const done = decision === 'confirm' ? 'confirmed' : 'declined';
      mount(messages, notice(t(`inbox.${done}`), `invitation-${done}`));
    } catch (error) {
      mount(messages, explainedError(error));
    }
    await loadInvitations();
  }

  void loadInvitations();
  return h(
    'section',
    { 'data-testid': 'inbox-page' },
    h('h1', {}, t('inbox.title')),
    messages,
    h('h2', {}, t('inbox.invitations')),
    invitations,
    h('h2', {}, t('inbox.messages')),
    messageList(),
  );
}

function messageList(): HTMLElement {
  const list = h('ul', { class: 'ex-messages', 'data-testid': 'inbox-list' });
  const item = (m: InboxMessage): HTMLElement => {
    const read = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        'data-testid': 'message-read',
        onclick: () =>
          void expertsApi.markRead(m.id).then(
            (updated) => li.replaceWith(item(updated)),
            (error: unknown) => li.append(errorBox(error)),
          ),
      },
      t('inbox.markRead'),
    );
    const li = h(
      'li',
      { class: m.readAt ? 'is-read' : 'is-unread', 'data-testid': 'inbox-message', 'data-kind': m.kind },
      h(
        'div',
        { class: 'page-head' },
        h('strong', {}, m.title),
        h('small', { class: 'muted' }, formatDateTime(m.createdAt)),
      ),
      h('p', {}, m.body),
      m.readAt ? null : read,
    );
    return li;
  };
  const pager = cursorPager({
    fetchPage: (cursor) => expertsApi.inbox(cursor),
    show: (items) => list.append(...items.map(item)),
    isEmpty: () => list.childElementCount === 0,
    empty: () => h('p', { class: 'empty' }, t('inbox.noMessages')),
  });
  return h('div', {}, list, pager.status, pager.more);
}
