declare module '../../platform/events.js' {
  interface DomainEvents {
    'certificate.issued': { serial: string; userId: string; partyId: string | null };
    'certificate.revoked': { serial: string; reason: string };
  }
}
export {};
