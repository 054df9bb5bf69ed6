import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

/** A failing field of a request, as clients see it in a 422's details. */
export interface FieldProblem {
  path: string;
  message: string;
  code: string;
}

/**
 * The one error type. `code` is stable (clients and tests match on it); `message` is for people;
 * `details` is structured data such as failing fields.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthenticated = (message = 'Authentication required') =>
  new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this') =>
  new AppError(403, 'FORBIDDEN', message);
export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

export function validationError(error: z.ZodError, prefix: string[] = []): AppError {
  const details: FieldProblem[] = error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  return new AppError(422, 'VALIDATION_FAILED', 'The request has invalid fields', details);
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/** Codes for the client errors the HTTP libraries raise with a status but no code of ours. */
const CLIENT_ERROR_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'The request could not be read'],
  403: ['FORBIDDEN', 'You are not allowed to do this'],
  404: ['NOT_FOUND', 'Not found'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  412: ['PRECONDITION_FAILED', 'A precondition of the request failed'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body'],
  416: ['RANGE_NOT_SATISFIABLE', 'The requested range is not satisfiable'],
};

/**
 * Errors that express, the router and body-parser raise (http-errors with a `status`), mapped to our codes.
 * Their messages are not passed on: some echo the client's input (a broken URL), which belongs in logs only.
 */
function fromHttpLibraries(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status, statusCode } = err as { type?: unknown; status?: unknown; statusCode?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'UNSUPPORTED_ENCODING', 'Unsupported request encoding');
    case 'request.aborted':
      return new AppError(400, 'REQUEST_ABORTED', 'The request ended before its whole body');
    case 'request.size.invalid':
      return new AppError(400, 'BODY_LENGTH_MISMATCH', 'The body does not match its Content-Length');
    default:
  }
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499) return undefined;
  // The router could not percent-decode a path parameter (`%E0%A4%A`).
  if (err instanceof URIError)
    return new AppError(400, 'MALFORMED_URL', 'The URL is not validly percent-encoded');
  // A body that did not inflate (gzip or deflate that is not) is a 400 from body-parser without a type.
  if (code === 400 && (err as { code?: unknown }).code?.toString().startsWith('Z_'))
    return new AppError(400, 'MALFORMED_BODY', 'The request body does not match its Content-Encoding');
  const [name, message] = CLIENT_ERROR_CODES[code] ?? ['BAD_REQUEST', 'The request was refused'];
  return new AppError(code, name, message);
}

/**
 * The central error handler: operational errors are answered with their code; anything else is a
 * programmer error, logged with its stack and answered as a bare 500 (never a stack trace to clients).
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof AppError ? err : fromHttpLibraries(err);
  const requestId = String(req.id ?? '');
  if (!known) req.log?.error({ err }, 'unhandled error');
  const error = known ?? new AppError(500, 'INTERNAL', 'Something went wrong; the request id identifies it');
  if (res.headersSent) return;
  res.status(error.status).json({
    error: { code: error.code, message: error.message, details: error.details, requestId },
  });
};
