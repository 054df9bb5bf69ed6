import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { moneyEcho } from './form-controls.js';

export type RowControl = HTMLInputElement | HTMLSelectElement;

export interface Column {
  key: string;
  label: string;
  control: () => RowControl;
  /** Echo the amount typed as 元 in the money format, so a missing zero is seen. */
  money?: boolean;
  width?: 'wide' | 'narrow';
}

export interface RowsOptions {
  /** The array's path in the request body (`sections`), so controls are named `sections.0.name`. */
  prefix: string;
  columns: Column[];
  addLabel: string;
  rowLabel: (index: number) => string;
  min: number;
  max: number;
  /** Called with the rows, in order, after every add and remove (parts kept beside each row follow it). */
  onRows?: (rows: HTMLElement[]) => void;
}

export type RowValues = Record<string, string | boolean>;

/**
 * A list of rows of the same controls (sections, criteria, custodians): add and remove, with controls
 * renumbered after each change so their names stay the field paths the server reports problems against.
 */
export function rowsEditor(options: RowsOptions) {
  const { prefix, columns } = options;
  const list = h('div', { class: 'rows-list' });
  const groupError = h('small', {
    class: 'field-error',
    'data-error-for': prefix,
    'data-label': options.addLabel,
    'aria-live': 'polite',
  });
  const addButton = h(
    'button',
    { type: 'button', class: 'btn btn-small', 'data-testid': `${prefix}-add` },
    `＋ ${options.addLabel}`,
  );
  const widths = { wide: 'minmax(12em, 2fr)', narrow: '4.5em', normal: 'minmax(7em, 1fr)' };
  const grid = `grid-template-columns: ${columns.map((c) => widths[c.width ?? 'normal']).join(' ')} 2.2rem`;
  const head = h(
    'div',
    { class: 'rows-head', style: grid, 'aria-hidden': 'true' },
    columns.map((c) => h('span', {}, c.label)),
  );

  function renumber(): void {
    const rows = [...list.children] as HTMLElement[];
    rows.forEach((row, i) => {
      for (const control of row.querySelectorAll<RowControl>('[data-key]')) {
        const column = columns.find((c) => c.key === control.dataset.key)!;
        control.name = `${prefix}.${i}.${column.key}`;
        control.setAttribute('aria-label', `${options.rowLabel(i)} · ${column.label}`);
        control.nextElementSibling?.setAttribute('data-error-for', control.name);
      }
      row.querySelector<HTMLButtonElement>('.row-remove')!.disabled = rows.length <= options.min;
    });
    addButton.disabled = rows.length >= options.max;
    options.onRows?.(rows);
  }

  function add(values: RowValues = {}): void {
    const cells = columns.map((column) => {
      const control = column.control();
      control.dataset.key = column.key;
      const value = values[column.key];
      if (typeof value === 'boolean' && control instanceof HTMLInputElement) control.checked = value;
      else if (typeof value === 'string') control.value = value;
      const error = h('small', { class: 'field-error', 'aria-live': 'polite' });
      control.addEventListener('input', () => {
        error.textContent = '';
        control.setAttribute('aria-invalid', 'false');
      });
      // data-label names the cell where the column heads are hidden (a phone stacks the cells).
      return h(
        'div',
        { class: 'rows-cell', 'data-label': column.label },
        control,
        error,
        column.money ? moneyEcho(control) : null,
      );
    });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small row-remove',
        title: t('rows.remove'),
        'aria-label': t('rows.remove'),
      },
      '×',
    );
    const row = h('div', { class: 'rows-row', style: grid, 'data-testid': `${prefix}-row` }, cells, remove);
    remove.addEventListener('click', () => {
      row.remove();
      renumber();
      list.dispatchEvent(new Event('input', { bubbles: true })); // the form is edited
    });
    list.append(row);
    renumber();
  }

  function values(): RowValues[] {
    return ([...list.children] as HTMLElement[]).map((row) => {
      const out: RowValues = {};
      for (const control of row.querySelectorAll<RowControl>('[data-key]')) {
        const checkbox = control instanceof HTMLInputElement && control.type === 'checkbox';
        out[control.dataset.key!] = checkbox ? control.checked : control.value.trim();
      }
      return out;
    });
  }

  addButton.addEventListener('click', () => {
    add();
    list.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return {
    element: h('div', { class: 'rows', 'data-testid': `${prefix}-rows` }, head, list, groupError, addButton),
    add,
    values,
    clear: () => list.replaceChildren(),
  };
}

export type RowsEditor = ReturnType<typeof rowsEditor>;
