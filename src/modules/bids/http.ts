import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { AppError, validationError } from '../../platform/errors.js';
import {
  clientDevice,
  depositAccount,
  idempotencyKey,
  type ClientDevice,
  type DepositAccount,
} from './schemas.js';

export const SEALED_BID_TYPE = 'application/vnd.yangguang.sealed-bid';
const ACCEPTED_TYPES = [SEALED_BID_TYPE, 'application/octet-stream'];
const MAX_DEVICE_HEADER = 4096;
const MAX_ACCOUNT_HEADER = 1024;

/** The submission's request headers, checked before a byte of the body is read. */
export interface SubmissionHeaders {
  idempotencyKey: string | null;
  device: ClientDevice | null;
  depositAccount: DepositAccount | null;
  userAgent: string | null;
  declaredLength: number | null;
}

const one = (req: Request, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** base64url(JSON) in a header, size-limited and validated; a bad one is a 422 naming the header. */
function jsonHeader<S extends z.ZodType>(req: Request, name: string, schema: S, max: number) {
  const raw = one(req, name);
  if (raw === undefined || raw === '') return null;
  const path = `headers.${name}`;
  const refuse = (message: string) =>
    new AppError(422, 'VALIDATION_FAILED', 'The request has invalid fields', [
      { path, message, code: 'invalid_header' },
    ]);
  if (raw.length > max) throw refuse(`at most ${max} characters`);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(raw)) throw refuse('base64url-encoded JSON');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse('base64url-encoded JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, [path]);
  return parsed.data as z.output<S>;
}

export function submissionHeaders(req: Request): SubmissionHeaders {
  const essence = (one(req, 'content-type') ?? SEALED_BID_TYPE).split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(essence)) {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the sealed file itself as ${SEALED_BID_TYPE} (or application/octet-stream)`,
    );
  }
  const key = one(req, 'idempotency-key');
  const parsedKey = key === undefined ? null : idempotencyKey.safeParse(key);
  if (parsedKey && !parsedKey.success) throw validationError(parsedKey.error, ['headers', 'idempotency-key']);
  const length = one(req, 'content-length');
  return {
    idempotencyKey: parsedKey ? parsedKey.data : null,
    device: jsonHeader(req, 'x-client-device', clientDevice, MAX_DEVICE_HEADER),
    depositAccount: jsonHeader(req, 'x-deposit-account', depositAccount, MAX_ACCOUNT_HEADER),
    userAgent: one(req, 'user-agent')?.slice(0, 500) ?? null,
    declaredLength: length === undefined ? null : Number(length),
  };
}

/** Streams the bidder's own sealed file back; it is never held in memory. */
export async function sendSealedFile(
  req: Request,
  res: Response,
  file: { name: string; sha256: string; size: number },
  content: Readable,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', SEALED_BID_TYPE);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  await pipeline(content, res).catch((err: unknown) => {
    const clientGone = (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
    req.log[clientGone ? 'debug' : 'error']({ err, file: file.name }, 'sealed bid download ended early');
  });
}
