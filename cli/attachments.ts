// Attachments go into the bid package straight from disk: their sizes are known up front (the
// package size is in the sealed header), and their bytes stream through, so any size seals in
// constant memory. A file that changes size while it is sealed fails the seal rather than the bid.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { CliError } from './io.js';

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.tar': 'application/x-tar',
  '.gz': 'application/gzip',
  '.7z': 'application/x-7z-compressed',
  '.rar': 'application/vnd.rar',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ofd': 'application/ofd',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.dwg': 'image/vnd.dwg',
};

export interface Attachment {
  path: string;
  name: string;
  size: number;
  mediaType: string;
}

export async function describeAttachments(paths: string[]): Promise<Attachment[]> {
  const seen = new Set<string>();
  const attachments: Attachment[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new CliError(`No such attachment: ${path}`);
    });
    if (!info.isFile()) throw new CliError(`The attachment ${path} is not a regular file`);
    const name = basename(path);
    // The opening lists attachments by name: two with one name could not be told apart.
    if (seen.has(name)) throw new CliError(`Two attachments are named ${name}; rename one`);
    seen.add(name);
    const mediaType = MEDIA_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
    attachments.push({ path, name, size: info.size, mediaType });
  }
  return attachments;
}

export function attachmentSource(attachment: Attachment): AsyncIterable<Uint8Array> {
  return createReadStream(attachment.path, { highWaterMark: 1 << 20 });
}
