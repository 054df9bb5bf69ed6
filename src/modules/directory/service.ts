import type { Clock } from '../../platform/clock.js';
import type { CertificatesService } from '../certificates/index.js';
import type { IdentityService, UserView } from '../identity/index.js';
import type { PartiesService } from '../parties/index.js';
import type { CustodianEntry, DirectoryEntry } from './schemas.js';

export interface DirectoryDeps {
  identity: IdentityService;
  parties: PartiesService;
  certificates: CertificatesService;
  clock: Clock;
}

/** Enough for any platform's custodians and supervisors (a handful each); a page is read at a time. */
const PAGE = 1000;

/**
 * Who may be named as a key custodian or a draw's supervisor, by name and organisation, so the forms offer a
 * list to choose from instead of asking for user ids. Only active accounts: a disabled one cannot serve.
 */
export class Directory {
  constructor(private readonly deps: DirectoryDeps) {}

  async custodians(): Promise<CustodianEntry[]> {
    const now = this.deps.clock.now();
    const people = await this.activeUsers('custodian');
    return Promise.all(
      people.map(async (p) => ({
        ...p,
        hasValidCertificate: (await this.deps.certificates.activeCertificate(p.id, now)) !== null,
      })),
    );
  }

  supervisors(): Promise<DirectoryEntry[]> {
    return this.activeUsers('supervisor');
  }

  private async activeUsers(role: 'custodian' | 'supervisor'): Promise<DirectoryEntry[]> {
    const users: UserView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.identity.listUsers({ role, status: 'active', cursor, limit: PAGE });
      users.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const names = await this.deps.parties.namesOf(users.flatMap((u) => (u.partyId ? [u.partyId] : [])));
    return users
      .map((u) => ({
        id: u.id,
        displayName: u.displayName,
        partyName: u.partyId ? (names.get(u.partyId) ?? null) : null,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
  }
}
