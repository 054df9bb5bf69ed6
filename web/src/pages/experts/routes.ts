/**
 * The expert routes (issue 6): `experts` (专家库, admins and supervisors), `expert-draws` and
 * `expert-draws/new?tender=…` (抽取), `expert-inbox` and `expert-profile` (the expert's own), and
 * `expert-draws/:id`, open to anyone: the server decides how much of a draw the viewer sees.
 */
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';
import './experts.css';

type ExpertPages = typeof import('./index.js');

const DRAW = /^expert-draws\/([0-9a-f-]{36})$/;

/** A draw's page for anyone, signed in or not (announced draws are public, EB Art.9). */
export function openExpertPage(path: string, user: User | null): HTMLElement | null {
  const id = DRAW.exec(path)?.[1];
  return id ? lazy((pages) => pages.drawPage(id, user)) : null;
}

export function expertPage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  const { role } = user;
  if (path === 'experts' && (role === 'admin' || role === 'supervisor')) {
    return lazy((pages) => pages.poolPage(user, params));
  }
  if (path === 'expert-draws' && ['agency', 'tenderee', 'supervisor'].includes(role)) {
    return lazy((pages) => pages.drawsPage(user));
  }
  if (path === 'expert-draws/new' && (role === 'agency' || role === 'tenderee')) {
    return lazy((pages) => pages.drawRequestPage(user, params.get('tender')));
  }
  if (role !== 'expert') return null;
  if (path === 'expert-inbox') return lazy((pages) => pages.inboxPage());
  if (path === 'expert-profile') return lazy((pages) => pages.profilePage());
  return null;
}

function lazy(build: (pages: ExpertPages) => HTMLElement): HTMLElement {
  const slot = h('div', { class: 'lazy-page' }, h('span', { class: 'muted' }, t('common.loading')));
  import('./index.js').then(
    (pages) => mount(slot, build(pages)),
    (error: unknown) => mount(slot, errorBox(error)),
  );
  return slot;
}
