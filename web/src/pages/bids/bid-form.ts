/** The bid form (投标函 fields) generated from the tender's bidFormFields; money typed in 元, sent in fen. */
import { fieldValue, h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { parseYuan } from '../../money.js';
import type { BidFormField } from '../../tender-types.js';
import { field, setFieldError } from '../../ui.js';
import { moneyEcho } from '../form-controls.js';

const PRICE: BidFormField = { key: 'price', label: '投标报价', type: 'money', required: true, readOut: true };
const MAX_TEXT = 20_000;

/** The tender's fields; the price is always asked, first (the server adds it to every bid form). */
export function bidFields(fields: BidFormField[]): BidFormField[] {
  return fields.some((f) => f.key === 'price') ? fields : [PRICE, ...fields];
}

const name = (key: string) => `form.${key}`;

export function bidFieldControls(fields: BidFormField[]): HTMLElement[] {
  return bidFields(fields).map((f) => {
    const attrs = { name: name(f.key), 'data-testid': `bid-field-${f.key}`, required: f.required };
    if (f.type === 'text') {
      return field(f.label, h('textarea', { ...attrs, rows: 3, maxlength: MAX_TEXT }));
    }
    const control = h('input', {
      ...attrs,
      inputmode: f.type === 'money' ? 'decimal' : 'numeric',
      autocomplete: 'off',
      class: f.type === 'money' ? 'money' : null,
      placeholder: f.type === 'money' ? '0.00' : null,
    });
    const label = f.type === 'money' ? `${f.label}（${t('bid.yuan')}）` : f.label;
    const wrapper = field(label, control);
    if (f.type === 'money') wrapper.append(moneyEcho(control));
    return wrapper;
  });
}

/** The typed values as the bid form (money in integer fen), or null after marking the bad fields. */
export function readBidForm(
  form: HTMLFormElement,
  fields: BidFormField[],
): Record<string, string | number> | null {
  const values: Record<string, string | number> = {};
  let ok = true;
  const fail = (key: string, message: string) => {
    setFieldError(form, name(key), message);
    ok = false;
  };
  for (const f of bidFields(fields)) {
    const text = fieldValue(form, name(f.key));
    if (text === '') {
      if (f.required) fail(f.key, t('field.required'));
      continue;
    }
    if (f.type === 'money') {
      const parsed = parseYuan(text);
      if (!parsed.ok || parsed.fen === null) {
        fail(f.key, t('money.invalid'));
        // The field's error says it now; the live echo under it would say the same a second time.
        clearEcho(form, f.key);
      } else values[f.key] = parsed.fen;
    } else if (f.type === 'integer') {
      const n = Number(text);
      // Bid-form integers count things (days of work, months of warranty): never below zero.
      if (/^-\d+$/.test(text)) fail(f.key, t('bid.integerNegative'));
      else if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) fail(f.key, t('bid.integerInvalid'));
      else values[f.key] = n;
    } else if (text.length > MAX_TEXT) {
      fail(f.key, t('bid.textTooLong', { max: MAX_TEXT }));
    } else {
      values[f.key] = text;
    }
  }
  return ok ? values : null;
}

function clearEcho(form: HTMLFormElement, key: string): void {
  const control = form.elements.namedItem(name(key));
  const echo =
    control instanceof HTMLElement ? control.closest('.field')?.querySelector('.money-echo') : null;
  if (echo) echo.textContent = '';
}
