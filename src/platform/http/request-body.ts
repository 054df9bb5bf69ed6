import type { Request } from 'express';
import { finished, PassThrough, type Readable } from 'node:stream';
import { finished as settled } from 'node:stream/promises';
import { AppError } from '../errors.js';

/**
 * Runs an upload with the request body as a stream that is opened only when the upload is allowed, so a
 * refused upload is answered at once. If it fails after reading began, the rest of the body is read off the
 * wire first (as body-parser does), so the client gets the answer rather than a reset connection.
 */
export async function withRequestBody<T>(req: Request, upload: (open: () => Readable) => Promise<T>) {
  let opened = false;
  const open = () => {
    opened = true;
    return bodyOf(req);
  };
  try {
    return await upload(open);
  } catch (err) {
    if (opened && !req.complete) {
      req.unpipe();
      req.resume();
      await settled(req).catch(() => undefined);
    }
    throw err;
  }
}

/** The body through a stream of its own, which a failed write may destroy without tearing down the socket. */
function bodyOf(req: Request): Readable {
  const body = new PassThrough();
  req.pipe(body);
  // pipe() does not pass on a client that went away mid-upload; without this the store would wait forever.
  finished(req, (err) => {
    if (err) body.destroy(new AppError(400, 'UPLOAD_INCOMPLETE', 'The upload ended before the whole file'));
  });
  return body;
}
