import { api, ApiError, type Registration } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n/index.js';
import { href } from '../router.js';
import { PARTY_KINDS } from '../types.js';
import { regionField } from '../region-picker.js';
import { clearFieldErrors, errorBox, field, setFieldError } from '../ui.js';
import { checkRegistration, readValues, toRegistration, usccFeedback } from './register-rules.js';

/** Public self-registration of a market party with its first account; the platform verifies it later. */
export function registerPage(): HTMLElement {
  const root = h('section', { class: 'card card-wide' });
  const messages = h('div', { class: 'messages' });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'register-submit' },
    t('register.submit'),
  );
  const form = h(
    'form',
    { novalidate: true, 'data-testid': 'register-form' },
    h(
      'fieldset',
      { class: 'form-grid' },
      h('legend', {}, t('register.partySection')),
      field(t('register.name'), input('party.name', { autocomplete: 'organization' })),
      usccField(),
      field(t('register.kind'), kindSelect()),
      regionField('party.regionCode', 'reg-party.regionCode'),
      field(t('register.contactName'), input('party.contactName', { autocomplete: 'name' })),
      field(t('register.contactPhone'), input('party.contactPhone', { type: 'tel', autocomplete: 'tel' })),
      field(
        optional('register.contactEmail'),
        input('party.contactEmail', { type: 'email', autocomplete: 'email' }),
      ),
      field(optional('register.address'), input('party.address', { autocomplete: 'street-address' })),
    ),
    h(
      'fieldset',
      { class: 'form-grid' },
      h('legend', {}, t('register.accountSection')),
      field(
        t('register.username'),
        input('account.username', { autocomplete: 'username', maxlength: 32 }),
        t('register.usernameHint'),
      ),
      field(t('register.displayName'), input('account.displayName', { autocomplete: 'name' })),
      field(
        t('register.password'),
        input('account.password', { type: 'password', autocomplete: 'new-password' }),
        t('register.passwordHint'),
      ),
      field(
        t('register.passwordConfirm'),
        input('account.passwordConfirm', { type: 'password', autocomplete: 'new-password' }),
      ),
    ),
    h('div', { class: 'form-actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    messages.replaceChildren();
    const values = readValues(form);
    const problems = checkRegistration(values);
    if (problems.size > 0) {
      for (const [name, message] of problems) setFieldError(form, name, message);
      mount(
        messages,
        h(
          'div',
          { class: 'alert alert-error', role: 'alert', 'data-testid': 'error' },
          t('register.fixErrors'),
        ),
      );
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('register.submitting');
    try {
      const registration = toRegistration(values);
      await api.register(registration);
      mount(root, success(registration));
    } catch (error) {
      showServerProblems(form, error);
      mount(messages, errorBox(error));
      submit.disabled = false;
      submit.textContent = t('register.submit');
    }
  });

  mount(
    root,
    h('h1', {}, t('register.title')),
    h('p', { class: 'lead' }, t('register.intro')),
    messages,
    form,
    h(
      'p',
      { class: 'form-footer' },
      t('register.haveAccount'),
      ' ',
      h('a', { href: href('login') }, t('header.login')),
    ),
  );
  return root;
}

function input(name: string, attrs: Record<string, string | number> = {}): HTMLInputElement {
  return h('input', { name, 'data-testid': `reg-${name}`, ...attrs });
}

function optional(key: 'register.contactEmail' | 'register.address'): string {
  return t('common.optional', { label: t(key) });
}

function kindSelect(): HTMLSelectElement {
  return h(
    'select',
    { name: 'party.kind', 'data-testid': 'reg-party.kind' },
    h('option', { value: '' }, t('register.kindChoose')),
    PARTY_KINDS.map((kind) => h('option', { value: kind }, t(`kind.${kind}`))),
  );
}

/** The USCC input with live feedback as the user types (upper-cased, checked against the check character). */
function usccField(): HTMLElement {
  const control = input('party.uscc', {
    maxlength: 18,
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'mono',
  });
  const feedback = h('small', {
    class: 'uscc-feedback',
    'data-testid': 'uscc-feedback',
    'aria-live': 'polite',
  });
  const wrapper = field(t('register.uscc'), control, t('register.usccHint'));
  wrapper.querySelector('.field-error')?.before(feedback);
  control.addEventListener('input', () => {
    const normalize = (text: string) => text.toUpperCase().replace(/\s/g, '');
    const upper = normalize(control.value);
    if (upper !== control.value) {
      const caret = normalize(control.value.slice(0, control.selectionStart ?? undefined)).length;
      control.value = upper;
      control.setSelectionRange(caret, caret); // keep the caret where the user is typing
    }
    const state = usccFeedback(upper);
    feedback.textContent = state?.message ?? '';
    feedback.className = `uscc-feedback ${state ? (state.ok ? 'is-ok' : 'is-bad') : ''}`;
    control.setAttribute('aria-invalid', state && !state.ok && upper.length === 18 ? 'true' : 'false');
  });
  return wrapper;
}

/** Puts the server's field problems (422) and conflicts (409) next to the fields they are about. */
function showServerProblems(form: HTMLFormElement, error: unknown): void {
  if (!(error instanceof ApiError)) return;
  for (const problem of error.fieldProblems) setFieldError(form, problem.path, problem.message);
  if (error.code === 'USCC_TAKEN') setFieldError(form, 'party.uscc', t('error.USCC_TAKEN'));
  if (error.code === 'USERNAME_TAKEN') setFieldError(form, 'account.username', t('error.USERNAME_TAKEN'));
}

function success(registration: Registration): HTMLElement {
  return h(
    'div',
    { class: 'success', 'data-testid': 'register-success' },
    h('div', { class: 'success-mark', 'aria-hidden': 'true' }, '✓'),
    h('h1', {}, t('register.successTitle')),
    h(
      'p',
      {},
      t('register.successBody', { name: registration.party.name, username: registration.account.username }),
    ),
    h('a', { class: 'btn btn-primary', href: href('login') }, t('register.backToLogin')),
  );
}
