import type { RequestHandler } from 'express';
import type { Actor } from './roles.js';
import { unauthenticated } from '../errors.js';

export interface SessionResolver {
  /** The actor behind a session token, or null when it is unknown, expired or revoked. */
  resolve(token: string): Promise<Actor | null>;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Sets req.actor from `Authorization: Bearer <token>`. No header means anonymous (routes decide whether
 * that is enough); a header with a bad token is refused outright, so a stale client learns at once.
 */
export function authenticate(sessions: SessionResolver): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return next();
    const actor = await sessions.resolve(token);
    if (!actor) return next(unauthenticated('The session token is invalid or has expired'));
    req.actor = actor;
    next();
  };
}
