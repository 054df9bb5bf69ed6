import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { href } from '../router.js';
import type { Party, User } from '../types.js';
import { errorBox } from '../ui.js';
import { askDecision } from './decision-dialog.js';
import { partyRecord } from './party-record.js';

/**
 * One party as the platform holds it, for admins and supervisors. An admin decides on a pending party here,
 * with the whole record in view above the buttons, not from a row of the list.
 */
export function partyDetailPage(user: User, id: string): HTMLElement {
  const messages = h('div', { class: 'messages', 'data-testid': 'party-messages' });
  const body = h('div', { class: 'card' }, h('span', { class: 'muted' }, t('common.loading')));
  const title = h('h1', {}, t('parties.detailTitle'));

  const show = (party: Party) => {
    title.textContent = party.name;
    const reviewing = user.role === 'admin' && party.status === 'pending';
    mount(
      body,
      reviewing ? h('p', { class: 'lead' }, t('parties.reviewIntro')) : null,
      partyRecord(party),
      reviewing ? decisionButtons(party) : null,
    );
  };

  const decisionButtons = (party: Party) => {
    const decide = async (decision: 'approve' | 'reject') => {
      const reason = await askDecision(
        decision === 'approve'
          ? {
              title: t('parties.approveConfirm', { name: party.name }),
              confirmLabel: t('parties.approve'),
              withReason: false,
            }
          : {
              title: t('parties.rejectTitle', { name: party.name }),
              confirmLabel: t('parties.reject'),
              withReason: true,
              danger: true,
            },
      );
      if (reason === null) return;
      try {
        const updated = await api.decideParty(party.id, decision, decision === 'reject' ? reason : undefined);
        show(updated);
        mount(
          messages,
          h(
            'div',
            { class: 'alert alert-success', role: 'status', 'data-testid': 'decision-done' },
            t('parties.decided', { name: updated.name, status: t(`status.${updated.status}`) }),
          ),
        );
      } catch (error) {
        mount(messages, errorBox(error));
        // Someone else decided first: show what they decided.
        if (error instanceof ApiError && error.code === 'PARTY_ALREADY_DECIDED') {
          api.getParty(party.id).then(show, () => {});
        }
      }
    };
    return h(
      'div',
      { class: 'review-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          'data-testid': 'approve',
          onclick: () => void decide('approve'),
        },
        t('parties.approve'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-danger',
          'data-testid': 'reject',
          onclick: () => void decide('reject'),
        },
        t('parties.reject'),
      ),
    );
  };

  api.getParty(id).then(show, (error: unknown) => mount(body, errorBox(error)));
  return h(
    'section',
    { 'data-testid': 'party-detail' },
    h('p', {}, h('a', { href: href('parties'), 'data-testid': 'back-to-parties' }, `← ${t('parties.back')}`)),
    title,
    messages,
    body,
  );
}
