import { z } from 'zod';
import { isCalendarDate } from '../../../expert-pool/index.js';
import { regionCode, uscc } from '../../platform/china/schemas.js';
import { isValidIdNumber, normalizeIdNumber } from './id-number.js';
import { EXPERT_STATUSES, SANCTION_ACTIONS } from './models.js';

export const idNumber = z
  .string()
  .transform(normalizeIdNumber)
  .refine(isValidIdNumber, '不是有效的公民身份号码 (GB 11643 check failed)');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{5,30}$/, 'a phone number');
const specialtyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[ABC](\d{2}){1,4}$/, 'a catalog code like A0801');
export const chinaDate = z.string().refine(isCalendarDate, 'a calendar date YYYY-MM-DD');

/** One expert as an import row or an admin's edit; specialties are checked against the catalog afterwards. */
export const expertInput = z.object({
  name: z.string().trim().min(2).max(64),
  idNumber,
  employerUscc: uscc.nullable().optional(),
  employerName: z.string().trim().min(2).max(200).nullable().optional(),
  regionCode,
  title: z.string().trim().min(1).max(64),
  yearsOfPractice: z.coerce.number().int().min(0).max(70),
  specialties: z.array(specialtyCode).min(1).max(20),
  phone,
});
export type ExpertInput = z.infer<typeof expertInput>;

/** What an admin may change on an existing expert (the ID number is who the expert is, so it stays). */
export const expertUpdate = expertInput.omit({ idNumber: true }).partial();
export type ExpertUpdate = z.infer<typeof expertUpdate>;

/** What experts change themselves; the employer and specialties are vetted by the pool's administrators. */
export const ownProfileUpdate = z
  .object({ phone, title: z.string().trim().min(1).max(64) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const unavailableDaysBody = z.object({ days: z.array(chinaDate).max(366) });
export const conflictBody = z.object({ partyUscc: uscc, relation: z.string().trim().min(2).max(100) });
export const conflictView = z.object({ id: z.string(), partyUscc: z.string(), relation: z.string() });

export const expertIdParams = z.object({ id: z.string().uuid() });
export const conflictIdParams = z.object({ conflictId: z.string().uuid() });

export const listExpertsQuery = z.object({
  status: z.enum(EXPERT_STATUSES).optional(),
  /** A catalog code: experts with it or a code below it. */
  specialty: specialtyCode.optional(),
  /** A GB/T 2260 prefix: '45' a province, '4501' a city. */
  region: z
    .string()
    .regex(/^\d{2,6}$/)
    .optional(),
  employerUscc: uscc.optional(),
  /** Part of the name. */
  q: z.string().trim().min(1).max(64).optional(),
  minCredit: z.coerce.number().int().min(0).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type ListExpertsQuery = z.infer<typeof listExpertsQuery>;

export const expertView = z.object({
  id: z.string(),
  name: z.string(),
  /** Always masked, e.g. 450***********123X. */
  idNumber: z.string(),
  employerUscc: z.string().nullable(),
  employerName: z.string().nullable(),
  regionCode: z.string(),
  title: z.string(),
  yearsOfPractice: z.number(),
  specialties: z.array(z.string()),
  /** In full for admins and the expert; the last 4 digits for others. */
  phone: z.string(),
  status: z.enum(EXPERT_STATUSES),
  creditScore: z.number(),
  userId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExpertView = z.infer<typeof expertView>;

export const expertDetail = expertView.extend({
  unavailableDays: z.array(z.string()),
  conflicts: z.array(conflictView),
});
export type ExpertDetail = z.infer<typeof expertDetail>;

export const linkAccountBody = z.object({ userId: z.string().uuid().nullable() });

export const sanctionBody = z.object({
  action: z.enum(SANCTION_ACTIONS),
  reason: z.string().trim().min(4).max(500),
});
export const sanctionView = z.object({
  id: z.string(),
  expertId: z.string(),
  /** The expert's name as the notice publishes it, so a list of notices can show who without parsing titles. */
  expertName: z.string(),
  action: z.enum(SANCTION_ACTIONS),
  reason: z.string(),
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
});
export type SanctionView = z.infer<typeof sanctionView>;

export const ratingBody = z.object({
  expertId: z.string().uuid(),
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});
export const ratingView = z.object({
  id: z.string(),
  expertId: z.string(),
  drawId: z.string(),
  raterKind: z.enum(['tenderee', 'supervisor']),
  score: z.number(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  creditScore: z.number(),
});
