import type { User } from '../../types.js';

/**
 * The supervision pages (监督, issue 12), by path under `#/supervision`: supervisors only, as the API
 * behind them is. Each page adds its line here.
 */
export function supervisionPage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  if (user.role !== 'supervisor' || !/^supervision(\/|$)/.test(path)) return null;
  void params;
  return null;
}
