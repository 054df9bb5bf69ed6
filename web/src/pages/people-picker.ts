import type { CustodianEntry, DirectoryEntry } from '../../../src/contracts/index.js';
import { request } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';

/** Whom a form names: key custodians (tender form) or a draw's supervisor (expert draw request). */
export type PeopleKind = 'custodians' | 'supervisors';
type Person = DirectoryEntry & Partial<Pick<CustodianEntry, 'hasValidCertificate'>>;

// One request per page load and kind: every row of the form shares the list.
const lists = new Map<PeopleKind, Promise<Person[]>>();

function people(kind: PeopleKind): Promise<Person[]> {
  let list = lists.get(kind);
  if (!list) {
    list = request<{ items: Person[] }>('GET', `/directory/${kind}`).then((page) => page.items);
    list.catch(() => lists.delete(kind)); // a failed load is tried again by the next form
    lists.set(kind, list);
  }
  return list;
}

/** "Name · organisation", and for a custodian without a certificate why it cannot be chosen. */
function label(p: Person): string {
  const name = p.partyName ? `${p.displayName} · ${p.partyName}` : p.displayName;
  return p.hasValidCertificate === false ? `${name}（${t('picker.noCertificate')}）` : name;
}

/**
 * A select of the people of one kind, by name and organisation (the id is the value sent). The list arrives
 * after the form is drawn; a saved choice is added first by `keepChoice`, so it is never lost meanwhile.
 */
export function personSelect(kind: PeopleKind, name = ''): HTMLSelectElement {
  const control = h(
    'select',
    { name, 'data-people': kind, 'data-testid': name ? `tf-${name}` : null },
    h('option', { value: '' }, t('picker.choose')),
  );
  people(kind).then(
    (list) => {
      for (const p of list) {
        const existing = [...control.options].find((o) => o.value === p.id);
        const option = existing ?? control.appendChild(h('option', { value: p.id }));
        option.textContent = label(p);
        option.dataset.search = `${p.displayName} ${p.partyName ?? ''}`.toLowerCase();
        // A custodian without a certificate is shown (so nobody wonders where they went) but not offered.
        option.disabled = p.hasValidCertificate === false && !option.selected;
      }
    },
    () => control.append(h('option', { value: '', disabled: true }, t('picker.unavailable'))),
  );
  return control;
}

/** Selects a saved person before the list arrives, under the name the server gave with the saved record. */
export function keepChoice(control: HTMLSelectElement, id: string, displayName: string): void {
  if (![...control.options].some((o) => o.value === id)) {
    control.append(h('option', { value: id }, displayName));
  }
  control.value = id;
}

/**
 * A search box that narrows every picker of `kind` inside `scope` to the people whose name or organisation
 * contains the text typed; a chosen person always stays visible.
 */
export function peopleFilter(kind: PeopleKind, scope: () => ParentNode, testId: string): HTMLElement {
  const box = h('input', {
    type: 'search',
    class: 'people-filter',
    autocomplete: 'off',
    placeholder: t('picker.filterPlaceholder'),
    'aria-label': t(kind === 'custodians' ? 'picker.filterCustodians' : 'picker.filterSupervisors'),
    'data-testid': testId,
  });
  const count = h('small', { class: 'hint', 'aria-live': 'polite' });
  const apply = () => {
    const text = box.value.trim().toLowerCase();
    let shown = 0;
    for (const control of scope().querySelectorAll<HTMLSelectElement>(`select[data-people="${kind}"]`)) {
      for (const option of control.options) {
        if (!option.value) continue;
        const match = !text || (option.dataset.search ?? '').includes(text);
        option.hidden = !match && !option.selected;
        if (match) shown++;
      }
    }
    count.textContent = text ? t('picker.matches', { n: String(shown) }) : '';
  };
  box.addEventListener('input', apply);
  return h('div', { class: 'people-filter-box' }, box, count);
}
