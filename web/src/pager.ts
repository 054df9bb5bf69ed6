import { h, mount } from './dom.js';
import { t } from './i18n/index.js';
import { errorBox } from './ui.js';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The one value of `allowed` that `value` names, if any: URL parameters become typed filters. */
export function pick<T extends string>(
  allowed: readonly T[],
  value: string | null | undefined,
): T | undefined {
  return allowed.find((item) => item === value);
}

/**
 * A cursor-paged list's controls: a status line (loading, empty, error) and a "load more" button that
 * follows the server's cursor until there is none. The page owns how items are shown.
 */
export function cursorPager<T>(opts: {
  fetchPage(cursor: string | undefined): Promise<CursorPage<T>>;
  show(items: T[]): void;
  isEmpty(): boolean;
  empty(): HTMLElement;
}) {
  const status = h('div', { class: 'list-status' });
  const more = h(
    'button',
    { type: 'button', class: 'btn', hidden: true, 'data-testid': 'load-more' },
    t('parties.loadMore'),
  );
  let cursor: string | undefined;

  async function load(): Promise<void> {
    more.disabled = true;
    mount(status, h('span', { class: 'muted' }, t('common.loading')));
    try {
      const page = await opts.fetchPage(cursor);
      opts.show(page.items);
      cursor = page.nextCursor ?? undefined;
      more.hidden = !cursor;
      mount(status, opts.isEmpty() ? opts.empty() : null);
    } catch (error) {
      mount(status, errorBox(error));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => void load());
  void load();
  return { status, more: h('div', { class: 'list-more' }, more) };
}
