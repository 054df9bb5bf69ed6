/**
 * 公民身份号码 (GB 11643-1999): 17 digits (region, birth date, sequence) and a check character over them,
 * ISO 7064 MOD 11-2, where 10 is written X.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11];
}

/** Upper-cases the check character so a lower-case x names the same person. */
export const normalizeIdNumber = (raw: string) => raw.trim().toUpperCase();

export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return idNumberCheckCharacter(idNumber.slice(0, 17)) === idNumber[17];
}

/** The only form an ID number is ever shown in: the first 3 and last 4 characters, e.g. 450***********123X. */
export const maskIdNumber = (idNumber: string) =>
  `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 7)}${idNumber.slice(-4)}`;

/** A phone number for those who may not call the expert: its last 4 digits. */
export const maskPhone = (phone: string) => `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
