/** The daily digest is stored: the dashboard and any notifier may tell supervisors it is there. */
declare module '../../../platform/events.js' {
  interface DomainEvents {
    'supervision.digest-ready': { date: string; alertsRaised: number; staleOpen: number };
  }
}

export {};
