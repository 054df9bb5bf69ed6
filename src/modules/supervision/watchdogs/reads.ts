import type { EventBus } from '../../../platform/events.js';
import { AppError } from '../../../platform/errors.js';
import { WATCHDOG_READER, type WatchdogReads, type WatchdogSources } from './ports.js';

/** A read that answers 404 means the thing is gone (or never was): the watchdog then has nothing to check. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  }
}

export function watchdogReads(sources: WatchdogSources, events: EventBus): WatchdogReads {
  return {
    tender: (id) => orNull(sources.tenders.view(id)),
    objections: (tenderId) => sources.tenders.enquiries.objections(WATCHDOG_READER, tenderId),
    partyName: async (id) => (await sources.parties.find(id))?.name ?? 'an unknown party',
    evaluation: (id) => orNull(sources.evaluation.get(WATCHDOG_READER, id)),
    notices: (tenderId) => sources.notices.ofTender(tenderId),
    events: (tenderId, types) => events.read(0, 1000, { tenderId, types }),
  };
}
