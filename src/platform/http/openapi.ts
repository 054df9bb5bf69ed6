import { z } from 'zod';
import type { AnyRoute } from './route.js';

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): object {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

function parameters(route: AnyRoute): object[] {
  const list: object[] = [];
  for (const where of ['params', 'query'] as const) {
    const schema = route[where];
    if (!(schema instanceof z.ZodObject)) continue;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      list.push({
        name,
        in: where === 'params' ? 'path' : 'query',
        required: where === 'params' || !field.safeParse(undefined).success,
        schema: jsonSchema(field, 'input'),
      });
    }
  }
  return list;
}

function operation(route: AnyRoute): object {
  const status = route.status ?? 200;
  const responses: Record<string, object> = {
    [status]: route.response
      ? {
          description: 'Success',
          content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
        }
      : { description: 'Success' },
  };
  const errors: Record<number, string> = { 422: 'VALIDATION_FAILED', ...route.errors };
  if (route.access !== 'public') Object.assign(errors, { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN' });
  for (const [code, description] of Object.entries(errors)) {
    responses[code] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const roles = typeof route.access === 'string' ? route.access : route.access.join(', ');
  return {
    summary: route.summary,
    description: `Access: ${roles}`,
    tags: route.tags,
    parameters: parameters(route),
    ...(route.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      },
    }),
    ...(route.access !== 'public' && { security: [{ bearer: [] }] }),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: { prefix: string; route: AnyRoute }[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const { prefix, route } of routes) {
    const path = (prefix + route.path).replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Yangguang (阳光) public resource trading platform API',
      version,
      description:
        'Errors: {"error": {"code", "message", "details", "requestId"}}: 400 MALFORMED_JSON, MALFORMED_BODY or ' +
        'MALFORMED_URL, 401, 403, 404, 409, 413, 415, 422 VALIDATION_FAILED (also for any text holding U+0000), ' +
        '429. Times are ISO-8601 UTC; money is integer fen.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/v1/auth/login' },
      },
    },
  };
}
