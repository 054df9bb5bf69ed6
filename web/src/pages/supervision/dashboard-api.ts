import type { SupervisionOverview } from '../../../../src/contracts/index.js';
import { request } from '../../api.js';

export type { SupervisionOverview } from '../../../../src/contracts/index.js';
export type Stage = SupervisionOverview['stages'][number]['stage'];
export type Severity = SupervisionOverview['alerts']['bySeverity'][number]['severity'];
export type OverdueItem = SupervisionOverview['overdue'][number];

/** The supervisors' overview: every figure of the dashboard in one read. */
export const overviewApi = {
  read: () => request<SupervisionOverview>('GET', '/supervision/overview'),
};
