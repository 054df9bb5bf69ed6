import { render, type ComponentChild } from 'preact';
import { currentRoute } from '../../router.js';
import type { User } from '../../types.js';
import { ClarificationInbox } from './inbox-page.js';
import { EvaluationList } from './list-page.js';
import { RoomPage } from './room.js';
import { RoomStore } from './store.js';
import './evaluation.css';

export { evaluationReportPage } from './report.js';

let active: { evaluationId: string; userId: string; store: RoomStore; root: HTMLElement } | null = null;

function stillHere(evaluationId: string): boolean {
  return currentRoute().path === `evaluations/${evaluationId}`;
}

/**
 * The room of one evaluation. Re-rendering the same room (the language switched) keeps its store: the
 * connection, the snapshot and the member's unsent input carry over; leaving the room closes it.
 */
export function evaluationRoomPage(evaluationId: string, user: User): HTMLElement {
  if (active && (active.evaluationId !== evaluationId || active.userId !== user.id)) {
    render(null, active.root);
    active.store.dispose();
    active = null;
  }
  const root = document.createElement('div');
  if (active) render(null, active.root);
  const store = active?.store ?? new RoomStore(evaluationId, user.id);
  active = { evaluationId, userId: user.id, store, root };
  render(<RoomPage store={store} user={user} />, root);
  const leave = () => {
    if (stillHere(evaluationId) && active?.root === root) return;
    window.removeEventListener('hashchange', leave);
    if (active?.root !== root) return; // a newer page of the same room took over
    render(null, root);
    store.dispose();
    active = null;
  };
  window.addEventListener('hashchange', leave);
  return root;
}

function mounted(node: ComponentChild): HTMLElement {
  const root = document.createElement('div');
  render(node, root);
  const leave = () => {
    window.removeEventListener('hashchange', leave);
    render(null, root);
  };
  window.addEventListener('hashchange', leave);
  return root;
}

export function evaluationListPage(user: User): HTMLElement {
  return mounted(<EvaluationList user={user} />);
}

export function clarificationInboxPage(): HTMLElement {
  return mounted(<ClarificationInbox />);
}
