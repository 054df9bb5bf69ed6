import type { SupervisionDigestList, SupervisionDigestView } from '../../../../src/contracts/index.js';
import { request } from '../../api.js';

export type { SupervisionDigestView } from '../../../../src/contracts/index.js';
export type DigestSummary = SupervisionDigestList['items'][number];
export type DigestFigures = SupervisionDigestView['figures'];

/** The supervisors' daily digests (supervisors only, as the API is). */
export const digestApi = {
  list: async () => (await request<SupervisionDigestList>('GET', '/supervision/digests')).items,
  get: (date: string) =>
    request<SupervisionDigestView>('GET', `/supervision/digests/${encodeURIComponent(date)}`),
};
