import type { Severity } from './screens/index.js';
import type { AlertIndicator } from './watchdogs/kinds.js';

interface AlertEvent {
  alertId: string;
  tenderId: string;
}

/**
 * Supervision's domain events. They carry no evidence (names, prices, addresses): the alert itself is read
 * by supervisors through the API; the stream only says that it was raised or moved on.
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    'supervision.alert-raised': AlertEvent & {
      sectionId: string | null;
      indicator: AlertIndicator;
      severity: Severity;
    };
    'supervision.alert-acknowledged': AlertEvent;
    'supervision.alert-resolved': AlertEvent & { conclusion: 'dismissed' | 'warning' | 'case-opened' };
  }
}

export {};
