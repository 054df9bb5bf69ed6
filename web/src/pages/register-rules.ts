import type { Registration } from '../api.js';
import { fieldValue } from '../dom.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { PartyKind } from '../types.js';
import { isValidUscc } from '../uscc.js';

/** The registration form's data: client-side checks mirroring the server's rules, so most errors show early. */

const USCC_CHARS = /^[0-9A-HJ-NPQRTUWXY]*$/;

export type UsccState = { ok: boolean; message: string } | null;

/** Live feedback while the USCC is typed: how far along, a bad character, a bad check character, or ok. */
export function usccFeedback(code: string): UsccState {
  if (!code) return null;
  if (!USCC_CHARS.test(code)) return { ok: false, message: t('uscc.charset') };
  if (code.length !== 18) return { ok: false, message: t('uscc.length', { n: code.length }) };
  if (!isValidUscc(code)) return { ok: false, message: t('uscc.checksum') };
  return { ok: true, message: t('uscc.ok') };
}

const REQUIRED = [
  'party.name',
  'party.uscc',
  'party.kind',
  'party.regionCode',
  'party.contactName',
  'party.contactPhone',
  'account.username',
  'account.password',
  'account.displayName',
];

const RULES: [name: string, valid: (value: string) => boolean, message: MessageKey][] = [
  ['party.name', (v) => v.length >= 2 && v.length <= 200, 'field.partyName'],
  ['party.regionCode', (v) => /^[1-8]\d{5}$/.test(v), 'field.regionCode'],
  ['party.contactPhone', (v) => /^\+?[0-9][0-9 -]{5,30}$/.test(v), 'field.phone'],
  ['party.contactEmail', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'field.email'],
  ['account.username', (v) => /^[a-z0-9_.-]{3,32}$/.test(v.toLowerCase()), 'field.username'],
  ['account.password', (v) => v.length >= 10 && v.length <= 200, 'field.passwordLength'],
];

/** Problems by field name; empty when the form may be sent. */
export function checkRegistration(values: Record<string, string>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const name of REQUIRED) if (!values[name]) problems.set(name, t('field.required'));
  // The region is chosen, not typed: say what to choose.
  if (!values['party.regionCode']) problems.set('party.regionCode', t('field.region'));
  for (const [name, valid, message] of RULES) {
    const value = values[name] ?? '';
    if (value && !problems.has(name) && !valid(value)) problems.set(name, t(message));
  }
  const uscc = usccFeedback(values['party.uscc'] ?? '');
  if (uscc && !uscc.ok) problems.set('party.uscc', uscc.message);
  const confirm = values['account.passwordConfirm'] ?? '';
  if (values['account.password'] && confirm !== values['account.password']) {
    problems.set('account.passwordConfirm', t('field.passwordMismatch'));
  }
  return problems;
}

/** Every named control of the form by name; passwords untrimmed. */
export function readValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const element of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    values[element.name] = fieldValue(form, element.name, element.type !== 'password');
  }
  return values;
}

/** The request body from the form values. */
export function toRegistration(v: Record<string, string>): Registration {
  const get = (name: string) => v[name] ?? '';
  return {
    party: {
      name: get('party.name'),
      uscc: get('party.uscc'),
      kind: get('party.kind') as PartyKind,
      regionCode: get('party.regionCode'),
      contactName: get('party.contactName'),
      contactPhone: get('party.contactPhone'),
      contactEmail: get('party.contactEmail') || undefined,
      address: get('party.address') || undefined,
    },
    account: {
      username: get('account.username').toLowerCase(),
      password: get('account.password'),
      displayName: get('account.displayName'),
    },
  };
}
