import { initInstructionModels } from './models.js';
import { InstructionService, type InstructionDeps } from './service.js';

/** Supervisory instructions (监督指令): suspend and resume a tender, order a re-evaluation; binds its own table. */
export function createInstructions(deps: InstructionDeps): InstructionService {
  return new InstructionService(initInstructionModels(deps.db.sequelize), deps);
}

export { instructionRoutes } from './routes.js';
export type { InstructionDeps, InstructionService } from './service.js';
/** What instructions use of other modules: the tenders (and their holds), the notices, the evaluation. */
export type InstructionSources = Pick<InstructionDeps, 'tenders' | 'notices' | 'evaluation'>;
