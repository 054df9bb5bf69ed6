/**
 * Money is integer fen (分) everywhere (docs/design.md §3). These turn fen into 元 as decimal text by moving the
 * decimal point in the digits, so no amount ever passes through binary floating point on its way to a person.
 */
export function fenToYuan(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) throw new RangeError(`not a whole fen: ${fen}`);
  const negative = fen < 0;
  const digits = String(negative ? -BigInt(fen) : BigInt(fen)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** 元 with thousands separators, as notices print it: 1234567 fen → "12,345.67". */
export function fenToYuanGrouped(fen: number | bigint): string {
  const [whole, cents] = fenToYuan(fen).split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
