import type { z } from 'zod';
import type { digestList, digestView } from '../modules/supervision/digest/schemas.js';

/** GET /supervision/digests/:date: one Beijing day's digest. */
export type SupervisionDigestView = z.output<typeof digestView>;
/** GET /supervision/digests: the digests, newest first. */
export type SupervisionDigestList = z.output<typeof digestList>;
