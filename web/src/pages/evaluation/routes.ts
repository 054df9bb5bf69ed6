/**
 * The evaluation's routes: `evaluations` (我的评标 / 评标监督), `evaluations/:id` (the room: member, leader,
 * supervisor, the tender's own side), `evaluation-clarifications` (澄清答复, bidders). Loaded on demand, so
 * Preact, pdf.js and the room stay out of the other pages' bundle.
 */
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import type { User } from '../../types.js';
import { errorBox } from '../../ui.js';

type EvaluationPages = typeof import('./index.js');

export function evaluationPage(path: string, user: User): HTMLElement | null {
  if (path === 'evaluations') return lazy((pages) => pages.evaluationListPage(user));
  const report = /^evaluations\/([\w-]+)\/report$/.exec(path)?.[1];
  if (report) return lazy((pages) => pages.evaluationReportPage(report, user));
  const room = /^evaluations\/([\w-]+)$/.exec(path)?.[1];
  if (room) return lazy((pages) => pages.evaluationRoomPage(room, user));
  if (path === 'evaluation-clarifications' && user.role === 'bidder')
    return lazy((pages) => pages.clarificationInboxPage());
  return null;
}

function lazy(build: (pages: EvaluationPages) => HTMLElement): HTMLElement {
  const slot = h('div', { class: 'lazy-page' }, h('span', { class: 'muted' }, t('common.loading')));
  import('./index.js').then(
    (pages) => mount(slot, build(pages)),
    (error: unknown) => mount(slot, errorBox(error)),
  );
  return slot;
}
