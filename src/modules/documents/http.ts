import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.js';
import type { TenderDocument } from './models.js';

/** The raw-stream edges of the document routes: bodies in, files out, and the headers both need. */

const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/;
const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);

/**
 * The media type a document is saved with: the file's own type, or application/octet-stream. JSON and forms
 * are refused because they are not a file's bytes: express.json would have parsed a JSON body already.
 */
export function documentContentType(header: string | undefined): string {
  if (!header) return 'application/octet-stream';
  const [essence = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!TOKEN.test(essence)) throw unsupported('Content-Type is not a media type');
  if (essence === 'application/json' || essence.startsWith('multipart/')) {
    throw unsupported('Send the file itself, as its own type or application/octet-stream');
  }
  // A charset is kept: a GBK text file must not be shown as UTF-8.
  const charset = params.find((p) => /^charset=[a-z0-9._-]{1,40}$/.test(p));
  return charset ? `${essence}; ${charset}` : essence;
}

/** RFC 6266 with an RFC 5987 UTF-8 name (document names are mostly Chinese) and an ASCII fallback. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Streams a document to the client; the body is never held in memory. */
export async function sendDocument(
  req: Request,
  res: Response,
  document: TenderDocument,
  content: Readable,
): Promise<void> {
  res.status(200);
  // setHeader, not res.set: Express would append its own charset to the file's type.
  res.setHeader('Content-Type', document.contentType);
  res.setHeader('Content-Length', String(document.size));
  // Always an attachment: an uploaded HTML or SVG file must never render in the platform's origin.
  res.setHeader('Content-Disposition', contentDisposition(document.name));
  res.setHeader('ETag', `"${document.sha256}"`);
  // Every fetch reaches the server, so every download is recorded (EB Art.21).
  res.setHeader('Cache-Control', 'private, no-cache');
  if (req.method === 'HEAD') {
    content.destroy();
    res.end();
    return;
  }
  await pipeline(content, res).catch((err: unknown) => {
    // The response is cut short, which clients detect by its length. A client going away is routine;
    // a file that fails to read is not.
    const clientGone = (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
    req.log[clientGone ? 'debug' : 'error'](
      { err, documentId: document.id },
      'document download ended early',
    );
  });
}
