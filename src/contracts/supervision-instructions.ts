import type { z } from 'zod';
import type {
  holdView,
  instructionBody,
  instructionView,
  tenderInstructionsView,
} from '../modules/supervision/instructions/schemas.js';

export type InstructionView = z.output<typeof instructionView>;
export type InstructionHoldView = z.output<typeof holdView>;
export type TenderInstructions = z.output<typeof tenderInstructionsView>;
export type InstructionInput = z.input<typeof instructionBody>;
