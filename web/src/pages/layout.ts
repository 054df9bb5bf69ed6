import { api } from '../api.js';
import { h } from '../dom.js';
import { locale, setLocale, t, type MessageKey } from '../i18n/index.js';
import { navFor } from '../nav.js';
import { href, navigate } from '../router.js';
import { clearSession, currentParty, type PartyState } from '../session.js';
import type { User } from '../types.js';

/** The page frame for signed-in users: header, role navigation, content. */
export function appShell(user: User, activePath: string, content: HTMLElement): HTMLElement {
  const party = currentParty();
  const nav = h(
    'nav',
    { class: 'sidenav', 'aria-label': t('app.name'), 'data-testid': 'nav' },
    h(
      'ul',
      {},
      navFor(user.role, party).map((item) =>
        h(
          'li',
          {},
          // A closed entry says why in words (a tooltip is missed on touch screens and by many readers).
          item.unavailable
            ? h(
                'span',
                { class: 'nav-unavailable', 'aria-disabled': 'true', 'data-testid': `nav-${item.path}` },
                t(item.label),
                h('small', { 'data-testid': 'nav-unavailable-reason' }, t(item.unavailable)),
              )
            : h(
                'a',
                {
                  href: href(item.path),
                  class: item.path === activePath ? 'active' : null,
                  'aria-current': item.path === activePath ? 'page' : null,
                  'data-testid': `nav-${item.path}`,
                },
                t(item.label),
              ),
        ),
      ),
    ),
  );
  return frame(
    userBox(user),
    h('div', { class: 'workspace' }, nav, h('main', { class: 'content' }, partyBanner(party), content)),
  );
}

/** On every page while the user's party is not verified: its state and what it may do meanwhile. */
function partyBanner(party: PartyState | null): HTMLElement | null {
  if (!party || party.status === 'verified') return null;
  const pending = party.status === 'pending';
  return h(
    'div',
    {
      class: `alert ${pending ? 'alert-warn' : 'alert-error'} party-banner`,
      role: 'status',
      'data-testid': 'party-banner',
      'data-status': party.status,
    },
    h('strong', {}, t(pending ? 'pending.bannerTitle' : 'pending.rejectedTitle', { name: party.name })),
    ' ',
    pending ? t('pending.bannerBody') : t('pending.rejectedBody', { reason: party.rejectionReason ?? '—' }),
    ' ',
    h('a', { href: href('my-party') }, t('pending.bannerLink')),
  );
}

/** The page frame for visitors: login, registration, and (wide) the public portal. */
export function publicShell(content: HTMLElement, wide = false): HTMLElement {
  return frame(
    visitorBox(),
    h('main', { class: `content content-public${wide ? ' content-portal' : ''}` }, content),
    true,
  );
}

/** What a visitor can reach from every page: the notices, registration and the sign-in. */
function visitorBox(): HTMLElement {
  return h(
    'nav',
    { class: 'visitor-box', 'aria-label': t('nav.notices') },
    h(
      'a',
      { class: 'topbar-link', href: href('notices'), 'data-testid': 'header-notices' },
      t('nav.notices'),
    ),
    h(
      'a',
      { class: 'topbar-link', href: href('register'), 'data-testid': 'header-register' },
      t('header.register'),
    ),
    h('a', { class: 'topbar-link', href: href('login'), 'data-testid': 'header-login' }, t('header.login')),
  );
}

function frame(userArea: HTMLElement | null, body: HTMLElement, visitor = false): HTMLElement {
  return h(
    'div',
    { class: 'page' },
    h(
      'header',
      { class: 'topbar' },
      h(
        'a',
        { class: 'brand', href: href(''), 'data-testid': 'brand' },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '阳'),
        h('span', { class: 'brand-name' }, t('app.name')),
      ),
      h('div', { class: 'topbar-actions' }, userArea, languageButton()),
    ),
    body,
    footer(visitor),
  );
}

/** The public pages every visitor and user may want from anywhere: notices, sanctions, open data. */
function footer(visitor: boolean): HTMLElement {
  const links: [path: string, label: MessageKey][] = [
    ['notices', 'footer.notices'],
    ['expert-sanctions', 'footer.sanctions'],
    ['credit', 'footer.credit'],
    ['open-data', 'footer.openData'],
  ];
  if (visitor) links.push(['register', 'footer.register']);
  return h(
    'footer',
    { class: 'footer' },
    h(
      'nav',
      { class: 'footer-links', 'aria-label': t('footer.links') },
      links.map(([path, label]) => h('a', { href: href(path), 'data-testid': `footer-${path}` }, t(label))),
    ),
    h('p', {}, t('app.footer')),
  );
}

function languageButton(): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost',
      title: t('lang.switchTitle'),
      lang: locale() === 'en' ? 'zh-CN' : 'en',
      'data-testid': 'lang-switch',
      onclick: () => setLocale(locale() === 'en' ? 'zh-CN' : 'en'),
    },
    t('lang.switch'),
  );
}

function userBox(user: User): HTMLElement {
  return h(
    'div',
    { class: 'user-box' },
    h('span', { class: 'user-name', 'data-testid': 'user-name' }, user.displayName),
    h('span', { class: 'role-tag', 'data-testid': 'user-role' }, t(`role.${user.role}`)),
    h(
      'button',
      { type: 'button', class: 'btn btn-ghost', 'data-testid': 'logout', onclick: logout },
      t('header.logout'),
    ),
  );
}

async function logout(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // the session is dropped locally whatever the server says
  }
  clearSession();
  navigate('login');
}
