import { z } from 'zod';
import { isValidUscc } from './uscc.js';

/** 统一社会信用代码, upper-cased, with its GB 32100 check character verified. */
export const uscc = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidUscc, '不是有效的统一社会信用代码 (GB 32100 checksum failed)');

/** GB/T 2260: two digits of province, two of city, two of county; 00 pads a higher level. */
export const regionCode = z.string().regex(/^[1-8]\d{5}$/, 'a 6-digit GB/T 2260 region code');
