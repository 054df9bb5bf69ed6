import type { InstructionKind } from './schemas.js';

/**
 * The instructions' domain events: the number and kind; the reason is read through the API and the notice.
 */
declare module '../../../platform/events.js' {
  interface DomainEvents {
    'supervision.instruction-issued': {
      instructionId: string;
      tenderId: string;
      code: string;
      kind: InstructionKind;
    };
    'supervision.instruction-lifted': {
      instructionId: string;
      tenderId: string;
      code: string;
      /** The suspension it lifts. */
      suspension: string;
    };
  }
}

export {};
