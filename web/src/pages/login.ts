import { api } from '../api.js';
import { fieldValue, h, mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { saveSession, updateParty } from '../session.js';
import { errorBox, field } from '../ui.js';

/** Sign-in form; on success goes to `next` (the page that asked for a login) or home. */
export function loginPage(params: URLSearchParams): HTMLElement {
  const messages = h('div', { class: 'messages' });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-submit' },
    t('login.submit'),
  );
  const form = h(
    'form',
    { class: 'card card-narrow', novalidate: true, 'data-testid': 'login-form' },
    h('h1', {}, t('login.title')),
    messages,
    field(
      t('login.username'),
      h('input', {
        name: 'username',
        autocomplete: 'username',
        required: true,
        'data-testid': 'login-username',
      }),
    ),
    field(
      t('login.password'),
      h('input', {
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        'data-testid': 'login-password',
      }),
    ),
    submit,
    h(
      'p',
      { class: 'form-footer' },
      t('login.noAccount'),
      ' ',
      h('a', { href: href('register'), 'data-testid': 'register-link' }, t('login.registerLink')),
    ),
    h(
      'p',
      { class: 'form-footer portal-link' },
      h('a', { href: href('notices'), 'data-testid': 'portal-link' }, t('login.portalLink')),
    ),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = fieldValue(form, 'username');
    const password = fieldValue(form, 'password', false);
    if (!username || !password) {
      mount(
        messages,
        h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'error' }, t('login.missing')),
      );
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      saveSession(await api.login(username, password));
      // The party's state (pending, rejected) shapes the menu from the first page on.
      updateParty((await api.me()).party);
      navigate(params.get('next') ?? '');
    } catch (error) {
      mount(messages, errorBox(error));
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });
  return form;
}
