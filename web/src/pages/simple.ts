import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t, type MessageKey } from '../i18n/index.js';
import { navFor } from '../nav.js';
import { href } from '../router.js';
import type { Party, User } from '../types.js';
import { errorBox, statusBadge } from '../ui.js';

/** Home after sign-in: a greeting and the role's tasks as tiles. */
export function homePage(user: User): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'home' },
    h('h1', {}, t('home.welcome', { name: user.displayName })),
    h('p', { class: 'lead' }, t('home.intro')),
    h(
      'div',
      { class: 'tiles' },
      navFor(user.role).map((item) => h('a', { class: 'tile', href: href(item.path) }, t(item.label))),
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

/** The signed-in user's own party, as the platform holds it. */
export function myPartyPage(): HTMLElement {
  const body = h('div', { class: 'card' }, h('span', { class: 'muted' }, t('common.loading')));
  api.me().then(
    ({ party }) => mount(body, party ? partyDetails(party) : h('p', {}, t('myParty.none'))),
    (error: unknown) => mount(body, errorBox(error)),
  );
  return h('section', { 'data-testid': 'my-party' }, h('h1', {}, t('myParty.title')), body);
}

function partyDetails(party: Party): HTMLElement {
  const rows: [MessageKey, Node | string | null | undefined][] = [
    ['parties.col.name', party.name],
    ['parties.col.uscc', h('span', { class: 'mono' }, party.uscc)],
    ['parties.col.kind', t(`kind.${party.kind}`)],
    ['parties.col.region', party.regionCode],
    ['parties.col.status', h('span', {}, statusBadge(party.status), ' ', verifiedNote(party))],
    ['register.contactName', party.contactName],
    ['register.contactPhone', party.contactPhone],
    ['register.contactEmail', party.contactEmail],
    ['register.address', party.address],
    ['parties.col.createdAt', formatDateTime(party.createdAt)],
  ];
  return h(
    'dl',
    { class: 'details' },
    rows
      .filter(([, value]) => value)
      .flatMap(([label, value]) => [h('dt', {}, t(label)), h('dd', {}, value)]),
  );
}

function verifiedNote(party: Party): string {
  if (party.verifiedAt) return t('parties.verifiedAt', { at: formatDateTime(party.verifiedAt) });
  if (party.rejectionReason) return t('parties.rejectedBecause', { reason: party.rejectionReason });
  return '';
}
