import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { formatYuan, parseYuan } from '../money.js';

type Attrs = Record<string, string | number | boolean | undefined>;

export function input(name: string, attrs: Attrs = {}): HTMLInputElement {
  return h('input', { name, 'data-testid': `tf-${name}`, ...attrs });
}

/** A select of `[value, label]` options, with an optional empty first choice. */
export function select(
  name: string,
  options: [value: string, label: string][],
  attrs: Attrs & { empty?: string } = {},
): HTMLSelectElement {
  const { empty, ...rest } = attrs;
  return h(
    'select',
    { name, 'data-testid': `tf-${name}`, ...rest },
    empty === undefined ? null : h('option', { value: '' }, empty),
    options.map(([value, label]) => h('option', { value }, label)),
  );
}

/** An amount in 元, typed as text (never a number input, which would go through floating point). */
export function moneyInput(name = ''): HTMLInputElement {
  return input(name, { inputmode: 'decimal', autocomplete: 'off', class: 'money', placeholder: '0.00' });
}

/** Under a money input: the amount as read (`¥10,000,000.00`), or a warning when it cannot be read. */
export function moneyEcho(control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const echo = h('small', { class: 'money-echo', 'aria-live': 'polite' });
  const update = () => {
    const parsed = parseYuan(control.value);
    echo.textContent = !parsed.ok ? t('money.invalid') : parsed.fen === null ? '' : formatYuan(parsed.fen);
    echo.classList.toggle('is-bad', !parsed.ok);
  };
  control.addEventListener('input', update);
  queueMicrotask(update); // values set right after creation show too
  return echo;
}

/** A `datetime-local` control whose value is read as Beijing time. */
export function beijingInput(name: string): HTMLInputElement {
  return input(name, { type: 'datetime-local', step: 60 });
}
