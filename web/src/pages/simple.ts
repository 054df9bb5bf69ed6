import { api, ApiError, type PartyChanges } from '../api.js';
import { fieldValue, h, mount } from '../dom.js';
import { t, type MessageKey } from '../i18n/index.js';
import { navFor } from '../nav.js';
import { regionField } from '../region-picker.js';
import { href } from '../router.js';
import { currentParty, updateParty } from '../session.js';
import type { Party, User } from '../types.js';
import { clearFieldErrors, errorBox, field, setFieldError } from '../ui.js';
import { partyRecord } from './party-record.js';

/** Home after sign-in: a greeting and the role's tasks as tiles (a closed one says why). */
export function homePage(user: User): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'home' },
    h('h1', {}, t('home.welcome', { name: user.displayName })),
    h('p', { class: 'lead' }, t('home.intro')),
    h(
      'div',
      { class: 'tiles' },
      navFor(user.role, currentParty()).map((item) =>
        item.unavailable
          ? h(
              'span',
              { class: 'tile tile-unavailable', 'aria-disabled': 'true', 'data-testid': `tile-${item.path}` },
              t(item.label),
              h('small', {}, t(item.unavailable)),
            )
          : h(
              'a',
              { class: 'tile', href: href(item.path), 'data-testid': `tile-${item.path}` },
              t(item.label),
            ),
      ),
    ),
  );
}

/** A page whose feature is not built yet. */
export function comingSoonPage(title: MessageKey): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'coming-soon' },
    h('h1', {}, t(title)),
    h('div', { class: 'card placeholder' }, t('placeholder.body')),
  );
}

/** A page the user's party may not use yet (it is pending or was rejected): why, in words. */
export function needsVerificationPage(title: MessageKey): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'needs-verification' },
    h('h1', {}, t(title)),
    h('div', { class: 'card placeholder' }, t('pending.pageBody')),
  );
}

/** The signed-in user's own party, as the platform holds it; its staff may correct it. */
export function myPartyPage(onChanged: () => void): HTMLElement {
  const messages = h('div', { class: 'messages', 'data-testid': 'my-party-messages' });
  const body = h('div', { class: 'card' }, h('span', { class: 'muted' }, t('common.loading')));
  const show = (party: Party) =>
    mount(
      body,
      partyRecord(party),
      h(
        'div',
        { class: 'form-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            'data-testid': 'my-party-edit',
            onclick: () => {
              messages.replaceChildren();
              mount(body, editForm(party, show, messages, onChanged));
            },
          },
          t('myParty.edit'),
        ),
      ),
    );
  api.me().then(
    ({ party }) => (party ? show(party) : mount(body, h('p', {}, t('myParty.none')))),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return h('section', { 'data-testid': 'my-party' }, h('h1', {}, t('myParty.title')), messages, body);
}

function editForm(
  party: Party,
  done: (party: Party) => void,
  messages: HTMLElement,
  onChanged: () => void,
): HTMLFormElement {
  const input = (
    name: keyof PartyChanges,
    value: string | null | undefined,
    attrs: Record<string, string> = {},
  ) => h('input', { name, value: value ?? '', 'data-testid': `my-party-${name}`, ...attrs });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'my-party-save' },
    t('myParty.save'),
  );
  const form = h(
    'form',
    { class: 'form-grid', novalidate: true, 'data-testid': 'my-party-form' },
    field(
      t('register.name'),
      input('name', party.name),
      party.status === 'verified' ? t('myParty.renameNote') : undefined,
    ),
    regionField('regionCode', 'my-party-region', party.regionCode),
    field(t('register.contactName'), input('contactName', party.contactName)),
    field(t('register.contactPhone'), input('contactPhone', party.contactPhone, { type: 'tel' })),
    field(t('register.contactEmail'), input('contactEmail', party.contactEmail, { type: 'email' })),
    field(t('register.address'), input('address', party.address)),
    h(
      'div',
      { class: 'form-actions' },
      submit,
      h('button', { type: 'button', class: 'btn', onclick: () => done(party) }, t('common.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const value = (name: string) => fieldValue(form, name);
    const changes: PartyChanges = {};
    if (value('name') !== party.name) changes.name = value('name');
    if (value('regionCode') && value('regionCode') !== party.regionCode)
      changes.regionCode = value('regionCode');
    if (value('contactName') !== party.contactName) changes.contactName = value('contactName');
    if (value('contactPhone') !== party.contactPhone) changes.contactPhone = value('contactPhone');
    if (value('contactEmail') !== (party.contactEmail ?? ''))
      changes.contactEmail = value('contactEmail') || null;
    if (value('address') !== (party.address ?? '')) changes.address = value('address') || null;
    if (Object.keys(changes).length === 0) return done(party);
    submit.disabled = true;
    submit.textContent = t('myParty.saving');
    try {
      const updated = await api.editParty(party.id, changes);
      done(updated);
      mount(
        messages,
        h(
          'div',
          { class: 'alert alert-success', role: 'status', 'data-testid': 'my-party-saved' },
          t('myParty.saved'),
        ),
      );
      // A renamed verified party is pending again: the banner and the menu follow.
      if (updateParty(updated)) onChanged();
    } catch (error) {
      if (error instanceof ApiError)
        for (const problem of error.fieldProblems) setFieldError(form, problem.path, problem.message);
      mount(messages, errorBox(error));
      submit.disabled = false;
      submit.textContent = t('myParty.save');
    }
  });
  return form;
}
