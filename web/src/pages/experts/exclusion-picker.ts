/**
 * 指定回避 on the draw request: the requester finds an expert by name (the server answers a few, with the
 * employer to tell namesakes apart), adds them with a reason, and sees "张三（某单位）", never an id.
 */
import { query, request } from '../../api.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { errorBox } from '../../ui.js';
import type { ExclusionCandidate } from '../../../../src/contracts/index.js';

/** The server's cap on exclusions (expert-pool DRAW_LIMITS.maxExclusions). */
const MAX_EXCLUSIONS = 1000;

/** "张三（某单位）": the name, and the employer when the pool has one. */
export const expertLabel = (e: { name: string; employerName: string | null }) =>
  e.employerName ? `${e.name}（${e.employerName}）` : e.name;

const find = (tenderId: string, q: string) =>
  request<{ items: ExclusionCandidate[] }>(
    'GET',
    `/tenders/${encodeURIComponent(tenderId)}/expert-draws/exclusion-candidates${query({ q, limit: 20 })}`,
  );

export function exclusionPicker(tenderId: string) {
  const chosen = h('ol', { class: 'ex-exclusions', 'data-testid': 'exclusion-list' });
  const results = h('ul', { class: 'ex-candidates', 'data-testid': 'exclusion-results' });
  const status = h('small', { class: 'hint', 'aria-live': 'polite', 'data-testid': 'exclusion-status' });
  const box = h('input', {
    type: 'search',
    autocomplete: 'off',
    maxlength: 50,
    placeholder: t('draw.exclusion.searchPlaceholder'),
    'aria-label': t('draw.exclusion.search'),
    'data-testid': 'exclusion-search',
  });
  const searchButton = h(
    'button',
    { type: 'button', class: 'btn btn-small', 'data-testid': 'exclusion-search-submit' },
    t('draw.exclusion.find'),
  );

  const rows = () => [...chosen.children] as HTMLElement[];
  const has = (id: string) => rows().some((r) => r.dataset.expertId === id);

  // Field names follow the request body, so the server's problems land at their row (exclusions.0.reason).
  function renumber(): void {
    rows().forEach((row, i) => {
      const reason = row.querySelector<HTMLInputElement>('input')!;
      reason.name = `exclusions.${i}.reason`;
      reason.nextElementSibling?.setAttribute('data-error-for', reason.name);
    });
  }

  function add(expert: ExclusionCandidate): void {
    if (has(expert.id) || rows().length >= MAX_EXCLUSIONS) return;
    const label = expertLabel(expert);
    const reason = h('input', {
      maxlength: 500,
      'aria-label': t('draw.exclusion.reasonFor', { name: label }),
      'data-testid': 'exclusion-reason',
    });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        'aria-label': t('draw.exclusion.removeName', { name: label }),
        'data-testid': 'exclusion-remove',
      },
      t('rows.remove'),
    );
    const row = h(
      'li',
      { class: 'ex-exclusion', 'data-expert-id': expert.id, 'data-testid': 'exclusion-row' },
      h('span', { class: 'ex-exclusion-name', 'data-testid': 'exclusion-name' }, label),
      h('div', { class: 'ex-exclusion-reason' }, reason, h('small', { class: 'field-error' })),
      remove,
    );
    remove.addEventListener('click', () => {
      row.remove();
      renumber();
      box.focus(); // the removed row's button is gone: the search box is the natural next place
    });
    chosen.append(row);
    renumber();
    reason.focus();
  }

  function search(): void {
    const q = box.value.trim();
    results.replaceChildren();
    if ([...q].length < 2) {
      status.textContent = t('draw.exclusion.tooShort');
      return;
    }
    status.textContent = t('common.loading');
    find(tenderId, q).then(
      ({ items }) => {
        status.textContent = items.length === 0 ? t('draw.exclusion.none') : '';
        for (const expert of items) {
          const pick = h(
            'button',
            { type: 'button', class: 'btn btn-small', 'data-testid': 'exclusion-result' },
            `${expertLabel(expert)}${expert.title ? ` · ${expert.title}` : ''}`,
          );
          pick.disabled = has(expert.id);
          pick.addEventListener('click', () => {
            add(expert);
            pick.disabled = true;
          });
          results.append(h('li', {}, pick));
        }
      },
      (error: unknown) => {
        status.textContent = '';
        mount(results, h('li', {}, errorBox(error)));
      },
    );
  }

  searchButton.addEventListener('click', search);
  // Enter in the search box searches; it must not submit the whole request.
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  });

  return {
    element: h(
      'div',
      { class: 'ex-exclusion-picker', 'data-testid': 'exclusions-picker' },
      h('div', { class: 'ex-exclusion-search' }, box, searchButton),
      status,
      results,
      chosen,
    ),
    values: () =>
      rows().map((row) => ({
        expertId: row.dataset.expertId!,
        reason: row.querySelector<HTMLInputElement>('input')!.value.trim(),
      })),
  };
}
