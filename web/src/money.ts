/**
 * Money is integer fen (分) on the wire (docs/domain.md §7). The UI shows and reads 元 as text and converts by
 * moving the decimal point in the string, never through floating point: 0.1 + 0.2 has no place in a price.
 */

import Nzh from 'nzh/cn';

const YUAN_TEXT = /^(\d+)(?:\.(\d{0,2}))?$/;

/** Integer fen as `¥10,000,000.00`; '—' when absent. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen)) return '—';
  return `${fen < 0 ? '-' : ''}¥${yuanText(Math.abs(fen), true)}`;
}

/** Integer fen as the text a money input holds: `10000000.00` (no grouping, no symbol); '' when absent. */
export function fenToInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen) || fen < 0) return '';
  return yuanText(fen, false);
}

function yuanText(fen: number, grouped: boolean): string {
  const digits = String(fen).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${grouped ? yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan}.${cents}`;
}

export type ParsedMoney = { ok: true; fen: number | null } | { ok: false };

/**
 * Text typed as 元 (`1,000,000`, `¥ 1000.5`, `0.07`) to integer fen; empty text is `null`.
 * More than two decimals, signs, exponents or amounts beyond a safe integer are refused.
 */
export function parseYuan(text: string): ParsedMoney {
  const cleaned = text.replace(/[\s,，¥￥]/g, '');
  if (cleaned === '') return { ok: true, fen: null };
  const match = YUAN_TEXT.exec(cleaned);
  if (!match) return { ok: false };
  const digits = `${match[1]}${(match[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  if (BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false };
  return { ok: true, fen: Number(digits) };
}

/** Integer fen in capital Chinese numerals (人民币大写), as a bid letter states its price: 壹万零伍元整. */
export function yuanInWords(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) return '';
  if (fen === 0) return '零元整';
  // nzh reads the amount as text, so no floating point is involved either.
  return Nzh.toMoney(yuanText(fen, false), { outSymbol: false, forceZheng: true });
}
