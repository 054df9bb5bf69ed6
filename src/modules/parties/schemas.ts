import { z } from 'zod';
import { displayName, password, username } from '../identity/index.js';
import { PARTY_KINDS, PARTY_STATUSES } from './models.js';
import { regionCode, uscc } from '../../platform/china/schemas.js';

export { regionCode, uscc } from '../../platform/china/schemas.js';

const partyFields = {
  name: z.string().trim().min(2).max(200),
  uscc,
  kind: z.enum(PARTY_KINDS),
  regionCode,
  contactName: z.string().trim().min(1).max(64),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,30}$/, 'a phone number'),
  contactEmail: z.string().trim().email().max(254).optional(),
  address: z.string().trim().max(300).optional(),
};

export const registerBody = z.object({
  party: z.object(partyFields),
  account: z.object({ username, password, displayName }),
});

/** What the party itself may change; the name and code need verification again. */
export const updatePartyBody = z
  .object({
    name: partyFields.name,
    regionCode,
    contactName: partyFields.contactName,
    contactPhone: partyFields.contactPhone,
    contactEmail: partyFields.contactEmail.nullable(),
    address: partyFields.address.nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const verificationBody = z
  .object({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().min(2).max(500).optional() })
  .refine((b) => b.decision === 'approve' || b.reason, {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });

export const addStaffBody = z.object({ username, password, displayName });

export const partyIdParams = z.object({ id: z.string().uuid() });

export const listPartiesQuery = z.object({
  status: z.enum(PARTY_STATUSES).optional(),
  kind: z.enum(PARTY_KINDS).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export const partyView = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string(),
  kind: z.enum(PARTY_KINDS),
  regionCode: z.string(),
  status: z.enum(PARTY_STATUSES),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
  contactEmail: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  verifiedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PartyView = z.infer<typeof partyView>;
