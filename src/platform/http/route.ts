import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Actor, RequestContext, Role } from '../auth/roles.js';
import { wasAudited } from '../audit/audit-log.js';
import { reportUnauditedChange } from './audit-net.js';
import { forbidden, unauthenticated, validationError } from '../errors.js';
import { refuseUnfitText } from './text-guard.js';

/** Who may call a route. Declared on the route itself, so the route table is the authorization table. */
export type Access = 'public' | 'authenticated' | readonly Role[];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor | null;
  ctx: RequestContext;
  req: Request;
  res: Response;
}

export interface RouteSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
> {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  /** Route-specific middleware run after authorization, before validation (rate limits). */
  middleware?: RequestHandler[];
  params?: P;
  query?: Q;
  body?: B;
  /** A POST that changes nothing (a verification), so it needs no audit entry. */
  readOnly?: boolean;
  /** Success status (default 200); 204 sends no body. */
  status?: number;
  response?: Schema;
  /** Error codes this route can answer with, documented in OpenAPI. */
  errors?: Record<number, string>;
  handler(input: RouteInput<Out<P>, Out<Q>, Out<B>>): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec;
}

export function authorize(access: Access, actor: Actor | null): void {
  if (access === 'public') return;
  if (!actor) throw unauthenticated();
  if (access !== 'authenticated' && !access.includes(actor.role)) throw forbidden();
}

function parse<S extends Schema | undefined>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where === 'body' ? [] : [where]);
  return result.data as Out<S>;
}

const contexts = new WeakMap<Request, RequestContext>();

/** The request's context, made once so that everything in the request shares it. */
export function contextOf(req: Request): RequestContext {
  let ctx = contexts.get(req);
  if (!ctx) {
    ctx = { actor: req.actor ?? null, ip: req.ip ?? 'unknown', requestId: String(req.id) };
    contexts.set(req, ctx);
  }
  return ctx;
}

/**
 * Refuses, when the app is built, a route whose path parameters are not all validated: an unchecked id reaches
 * the database as the client wrote it (a NUL byte, 10 kB of text), and the answer is a 500 instead of a 422.
 * The params schema must be an object naming exactly the path's parameters, each with a format (a uuid, a
 * pattern) that refuses a NUL byte and 1,000 characters; the query schema must be an object (OpenAPI lists its
 * fields). mountRoutes runs this for every route, so a new route without them fails every test at once.
 */
export function checkRouteSchemas(route: AnyRoute): void {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).sort();
  if (route.path.includes('*') || route.path.includes('{'))
    throw new Error(`${where}: wildcard and optional path segments are not validated; spell the path out`);
  if (names.length === 0) {
    if (route.params) throw new Error(`${where}: a params schema on a path without parameters`);
  } else {
    if (!(route.params instanceof z.ZodObject))
      throw new Error(`${where}: path parameters ${names.join(', ')} need a params object schema`);
    const shape = route.params.shape as Record<string, z.ZodType>;
    const declared = Object.keys(shape).sort();
    if (declared.join() !== names.join())
      throw new Error(
        `${where}: the params schema names ${declared.join(', ')}, the path ${names.join(', ')}`,
      );
    // Path parameters are ids and codes: a bare z.string().max(36) lets a NUL byte through to the database.
    for (const name of names) {
      if (shape[name]!.safeParse('a\u0000b').success || shape[name]!.safeParse('a'.repeat(1000)).success)
        throw new Error(
          `${where}: :${name} must have a format (a uuid, a pattern) that refuses NUL and long text`,
        );
    }
  }
  if (route.query && !(route.query instanceof z.ZodObject))
    throw new Error(`${where}: the query schema must be an object schema`);
}

/** Mounts routes on a router: authorize, validate, call the handler, send the result. */
export function mountRoutes(router: Router, routes: AnyRoute[]): void {
  routes.forEach(checkRouteSchemas);
  for (const route of routes) {
    const guard: RequestHandler = (req, _res, next) => {
      authorize(route.access, req.actor ?? null);
      next();
    };
    router[route.method](route.path, guard, ...(route.middleware ?? []), async (req, res) => {
      refuseUnfitText({ params: req.params, query: req.query, body: req.body });
      const input = {
        params: parse(route.params, req.params, 'params'),
        query: parse(route.query, req.query, 'query'),
        body: parse(route.body, req.body ?? {}, 'body'),
        actor: req.actor ?? null,
        ctx: contextOf(req),
        req,
        res,
      };
      const result = await route.handler(input);
      // Every change must leave an audit entry (EB Art.49); a route that did not is a bug worth shouting about.
      if (route.method !== 'get' && !route.readOnly && !wasAudited(input.ctx)) {
        req.log.error({ route: route.path }, 'a mutating request completed without an audit entry');
        reportUnauditedChange({ method: route.method.toUpperCase(), route: route.path });
      }
      // A handler that streamed its own answer (a file download) has already responded.
      if (res.headersSent) return;
      const status = route.status ?? 200;
      if (status === 204) res.status(204).end();
      else res.status(status).json(result);
    });
  }
}
