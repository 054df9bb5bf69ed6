import type { User } from '../../types.js';
import { complaintQueuePage } from '../complaints/routes.js';
import { alertsPage } from './alerts.js';
import { dashboardPage } from './dashboard.js';
import { digestPage } from './digest.js';
import { supervisionTenderPage } from './tender.js';

/**
 * The supervision pages (监督, issue 12), by path under `#/supervision`: supervisors only, as the API
 * behind them is. Each page adds its line here.
 */
export function supervisionPage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  if (user.role !== 'supervisor' || !/^supervision(\/|$)/.test(path)) return null;
  if (path === 'supervision') return dashboardPage();
  if (path === 'supervision/alerts') return alertsPage(params);
  if (path === 'supervision/digest') return digestPage(params);
  if (path === 'supervision/complaints') return complaintQueuePage(user, params);
  const tender = /^supervision\/tenders\/([\w-]+)$/.exec(path)?.[1];
  if (tender) return supervisionTenderPage(tender);
  void params;
  return null;
}
