import type { BidFormField } from './models.js';

/** The price every bid form has (投标报价), read out at the opening. */
export const PRICE_FIELD: BidFormField = {
  key: 'price',
  label: '投标报价',
  type: 'money',
  required: true,
  readOut: true,
};

/** The tender's bid form always starts with the price, whatever else the tender asks for. */
export function withPriceField(fields: BidFormField[]): BidFormField[] {
  return [PRICE_FIELD, ...fields.filter((f) => f.key !== 'price')];
}
