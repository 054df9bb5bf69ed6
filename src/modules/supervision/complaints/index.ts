import type { Logger } from '../../../platform/logger.js';
import { WorkingDayCalendar } from '../../../platform/china/working-days.js';
import { initComplaintModels } from './models.js';
import { ComplaintService, type ComplaintDeps } from './service.js';

/**
 * Complaints (投诉), a part of supervision: its tables are bound here (the supervision module's own models
 * stay as they are), and the calendar warns in the log when it counts a year it has no holiday data for.
 */
export function createComplaints(
  deps: Omit<ComplaintDeps, 'calendar'> & { log?: Logger; calendar?: WorkingDayCalendar },
): ComplaintService {
  const calendar =
    deps.calendar ??
    new WorkingDayCalendar({
      warn: (message, year) => deps.log?.warn({ year }, message),
    });
  return new ComplaintService(initComplaintModels(deps.db.sequelize), { ...deps, calendar });
}

export { complaintRoutes } from './routes.js';
export type { ComplaintService } from './service.js';
