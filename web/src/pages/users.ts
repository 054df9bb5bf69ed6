import { api, type UserQuery } from '../api.js';
import { fieldValue, h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { cursorPager, pick } from '../pager.js';
import { href, navigate } from '../router.js';
import { ROLES, type User, type UserListItem } from '../types.js';
import { errorBox } from '../ui.js';
import { askDecision } from './decision-dialog.js';

const PAGE_SIZE = 20;
const USER_STATUSES = ['active', 'disabled'] as const;

/** The admin's user management: every account with role, party and status; search; enable and disable. */
export function usersPage(admin: User, params: URLSearchParams): HTMLElement {
  const filter: UserQuery = {
    role: pick(ROLES, params.get('role')),
    status: pick(USER_STATUSES, params.get('status')),
    q: params.get('q') ?? undefined,
    limit: PAGE_SIZE,
  };
  const messages = h('div', { class: 'messages', 'data-testid': 'users-messages' });
  const body = h('tbody', {});

  const row = (user: UserListItem): HTMLTableRowElement =>
    h(
      'tr',
      {
        'data-testid': 'user-row',
        'data-user-id': user.id,
        'data-status': user.status,
        class: user.status === 'disabled' ? 'user-disabled' : null,
      },
      h('td', { class: 'mono', 'data-testid': 'user-username' }, user.username),
      h('td', {}, user.displayName),
      h('td', { class: 'nowrap' }, t(`role.${user.role}`)),
      h(
        'td',
        { 'data-testid': 'user-party' },
        user.partyId
          ? h('a', { href: href(`parties/${user.partyId}`) }, user.partyName ?? user.partyId)
          : '—',
      ),
      h(
        'td',
        {},
        h(
          'span',
          {
            class: `badge badge-${user.status === 'active' ? 'verified' : 'rejected'}`,
            'data-testid': 'user-status',
          },
          t(`users.status.${user.status}`),
        ),
      ),
      h('td', { class: 'nowrap' }, formatDateTime(user.createdAt)),
      h(
        'td',
        { class: 'actions' },
        user.id === admin.id ? h('span', { class: 'muted' }, t('users.self')) : toggle(user),
      ),
    );

  const toggle = (user: UserListItem) => {
    const disabling = user.status === 'active';
    const click = async () => {
      const confirmed = await askDecision({
        title: t(disabling ? 'users.disableTitle' : 'users.enableTitle', { name: user.username }),
        body: disabling ? t('users.disableBody') : undefined,
        confirmLabel: t(disabling ? 'users.disable' : 'users.enable'),
        withReason: false,
        danger: disabling,
      });
      if (confirmed === null) return;
      try {
        const updated = await api.setUserStatus(user.id, disabling ? 'disabled' : 'active');
        const next = { ...user, status: updated.status };
        body.querySelector(`tr[data-user-id="${CSS.escape(user.id)}"]`)?.replaceWith(row(next));
        mount(
          messages,
          h(
            'div',
            { class: 'alert alert-success', role: 'status', 'data-testid': 'user-done' },
            t('users.done', { name: user.username, status: t(`users.status.${updated.status}`) }),
          ),
        );
      } catch (error) {
        mount(messages, errorBox(error));
      }
    };
    return h(
      'button',
      {
        type: 'button',
        class: `btn btn-small${disabling ? ' btn-danger' : ''}`,
        'data-testid': disabling ? 'user-disable' : 'user-enable',
        onclick: () => void click(),
      },
      t(disabling ? 'users.disable' : 'users.enable'),
    );
  };

  const columns = ['username', 'displayName', 'role', 'party', 'status', 'createdAt', 'actions'] as const;
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', 'data-testid': 'users-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, t(`users.col.${c}`))),
        ),
      ),
      body,
    ),
  );
  const pager = cursorPager({
    fetchPage: (cursor) => api.listUsers({ ...filter, cursor }),
    show: (items) => body.append(...items.map(row)),
    isEmpty: () => body.rows.length === 0,
    empty: () => h('p', { class: 'empty', 'data-testid': 'users-empty' }, t('users.empty')),
  });

  return h(
    'section',
    { 'data-testid': 'users-page' },
    h('h1', {}, t('users.title')),
    filterForm(filter),
    messages,
    table,
    pager.status,
    pager.more,
  );
}

function filterForm(filter: UserQuery): HTMLFormElement {
  const select = (name: string, label: string, options: [string, string][], current?: string) =>
    h(
      'label',
      { class: 'filter' },
      h('span', {}, label),
      h(
        'select',
        { name, 'data-testid': `users-filter-${name}` },
        h('option', { value: '' }, t('common.all')),
        options.map(([value, text]) => h('option', { value, selected: value === current }, text)),
      ),
    );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'data-testid': 'users-filter' },
    select(
      'role',
      t('users.filterRole'),
      ROLES.map((r) => [r, t(`role.${r}`)]),
      filter.role,
    ),
    select(
      'status',
      t('users.filterStatus'),
      USER_STATUSES.map((s) => [s, t(`users.status.${s}`)]),
      filter.status,
    ),
    h(
      'label',
      { class: 'filter filter-grow' },
      h('span', {}, t('users.filterQ')),
      h('input', {
        name: 'q',
        type: 'search',
        value: filter.q ?? '',
        placeholder: t('users.filterQPlaceholder'),
        'data-testid': 'users-filter-q',
      }),
    ),
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'users-filter-submit' },
      t('parties.search'),
    ),
  );
  const apply = () =>
    navigate('users', {
      role: fieldValue(form, 'role'),
      status: fieldValue(form, 'status'),
      q: fieldValue(form, 'q'),
    });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  for (const s of form.querySelectorAll('select')) s.addEventListener('change', apply);
  return form;
}
