import type { User } from '../../types.js';
import { decisionsPage } from './decisions-page.js';
import { complaintListPage } from './list-page.js';

/** The public page of complaints: the published decisions. */
export function openComplaintsPage(path: string): HTMLElement | null {
  return path === 'complaints/decisions' ? decisionsPage() : null;
}

/** `#/complaints`: a bidder's own complaints, or those about a tenderee's or agency's tenders. */
export function complaintsPage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  if (path !== 'complaints' || !['bidder', 'tenderee', 'agency'].includes(user.role)) return null;
  return complaintListPage(user, path, params);
}

/** `#/supervision/complaints`: the supervisors' queue (routed by pages/supervision/routes.ts). */
export function complaintQueuePage(user: User, params: URLSearchParams): HTMLElement {
  return complaintListPage(user, 'supervision/complaints', params);
}
