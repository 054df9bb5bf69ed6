import type { Actor } from '../../platform/auth/roles.js';
import { maskPhone } from './id-number.js';
import type { Expert, ExpertConflict, ExpertSanction } from './models.js';
import type { ExpertView, SanctionView } from './schemas.js';

/** Admins keep the pool, and an expert knows their own number; everyone else sees the last 4 digits. */
export const seesFullPhone = (actor: Actor | null, expert: Expert) =>
  actor?.role === 'admin' || (!!actor && actor.userId === expert.userId);

/** An expert as the API shows them: the ID number only ever in its stored masked form. */
export function toExpertView(expert: Expert, specialties: string[], fullPhone: boolean): ExpertView {
  return {
    id: expert.id,
    name: expert.name,
    idNumber: expert.idNumberMasked,
    employerUscc: expert.employerUscc,
    employerName: expert.employerName,
    regionCode: expert.regionCode,
    title: expert.title,
    yearsOfPractice: expert.yearsOfPractice,
    specialties: [...specialties].sort(),
    phone: fullPhone ? expert.phone : maskPhone(expert.phone),
    status: expert.status,
    creditScore: expert.creditScore,
    userId: expert.userId,
    createdAt: expert.createdAt.toISOString(),
    updatedAt: expert.updatedAt.toISOString(),
  };
}

export const toConflictView = (c: ExpertConflict) => ({
  id: c.id,
  partyUscc: c.partyUscc,
  relation: c.relation,
});

export const toSanctionView = (s: ExpertSanction, expertName: string): SanctionView => ({
  id: s.id,
  expertId: s.expertId,
  expertName,
  action: s.action,
  reason: s.reason,
  title: s.title,
  body: s.body,
  publishedAt: s.publishedAt.toISOString(),
});
