import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { custodianEntry, directoryEntry, directoryList } from './schemas.js';
import type { Directory } from './service.js';

/** Those who write tenders and request expert draws pick people here; the admin sees what they see. */
const PICKERS = ['tenderee', 'agency', 'admin'] as const;

export function directoryRoutes(directory: Directory): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/directory/custodians',
      summary:
        'Active key custodians by name, with whether each holds a valid certificate (tender form picker)',
      tags: ['directory'],
      access: PICKERS,
      response: directoryList(custodianEntry),
      handler: async () => ({ items: await directory.custodians() }),
    }),
    defineRoute({
      method: 'get',
      path: '/directory/supervisors',
      summary: 'Active supervisors by name (expert draw request picker)',
      tags: ['directory'],
      access: PICKERS,
      response: directoryList(directoryEntry),
      handler: async () => ({ items: await directory.supervisors() }),
    }),
  ];
}
