import type { z } from 'zod';
import type { bidView, submission, withdrawal } from '../modules/bids/schemas.js';
import type { certificateView } from '../modules/certificates/schemas.js';

export type BidView = z.output<typeof bidView>;
/** A stored sealed bid with the platform's signed receipt. */
export type Submitted = z.output<typeof submission>;
/** The withdrawn bid with the platform's signed withdrawal receipt. */
export type Withdrawn = z.output<typeof withdrawal>;
export type CertificateView = z.output<typeof certificateView>;
