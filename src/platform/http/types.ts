import type { Actor } from '../auth/roles.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the authentication middleware when a valid session token came with the request. */
      actor?: Actor;
    }
  }
}

export {};
