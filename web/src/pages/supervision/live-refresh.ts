import { subscribeSupervision } from './live.js';

/**
 * Refreshes a page while it is shown, whenever `/supervision` says something moved (for one tender when
 * `tenderId` is given); refreshes arriving together run once. The subscription ends when the page leaves:
 * on the next route change, or at the first push after the page was replaced (a change of language).
 */
export function refreshWhileShown(root: HTMLElement, tenderId: string | null, refresh: () => void): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = subscribeSupervision((change) => {
    if (!root.isConnected) return leave();
    if (tenderId && change.tenderId && change.tenderId !== tenderId) return;
    timer ??= setTimeout(() => {
      timer = null;
      if (root.isConnected) refresh();
    }, 300);
  });
  function leave() {
    if (timer) clearTimeout(timer);
    stop();
  }
  window.addEventListener('hashchange', leave, { once: true });
}
