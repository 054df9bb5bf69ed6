import { XMLParser } from 'fast-xml-parser';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { FileMetadata } from '../screens/index.js';
import type { AttachmentLimits } from './limits.js';

const CORE = 'docProps/core.xml';
const APP = 'docProps/app.xml';

/** Reads only the two property parts, each inflated up to its bound; every other entry is left shut. */
function propertyParts(bytes: Uint8Array, limits: AttachmentLimits): Map<string, string> {
  const parts = new Map<string, Uint8Array[]>();
  const sizes = new Map<string, number>();
  let entries = 0;
  const unzip = new Unzip((file: UnzipFile) => {
    entries += 1;
    if (entries > limits.maxZipEntries) throw new Error('too many zip entries');
    if (file.name !== CORE && file.name !== APP) return;
    if ((file.originalSize ?? 0) > limits.maxPropertyPartBytes) return;
    parts.set(file.name, []);
    sizes.set(file.name, 0);
    file.ondata = (err, chunk) => {
      if (err) throw err;
      const size = sizes.get(file.name)! + chunk.length;
      // The declared size may lie: the inflated bytes are counted too.
      if (size > limits.maxPropertyPartBytes) throw new Error(`${file.name} inflates beyond its bound`);
      sizes.set(file.name, size);
      parts.get(file.name)!.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.push(bytes, true);
  const text = new Map<string, string>();
  for (const [name, chunks] of parts) text.set(name, Buffer.concat(chunks).toString('utf8'));
  return text;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
});

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value)
    return textOf((value as { '#text': unknown })['#text']);
  return undefined;
}

/**
 * A DOCX's (or any OOXML file's) author, last editor and company: docProps/core.xml dc:creator and
 * cp:lastModifiedBy, docProps/app.xml Company. Entities are not expanded (no entity bombs).
 */
export function docxMetadata(bytes: Uint8Array, limits: AttachmentLimits): FileMetadata {
  const parts = propertyParts(bytes, limits);
  const core = parts.has(CORE)
    ? (parser.parse(parts.get(CORE)!) as Record<string, Record<string, unknown>>)
    : {};
  const app = parts.has(APP)
    ? (parser.parse(parts.get(APP)!) as Record<string, Record<string, unknown>>)
    : {};
  const props = core.coreProperties ?? {};
  return {
    author: textOf(props.creator),
    lastModifiedBy: textOf(props.lastModifiedBy),
    company: textOf(app.Properties?.Company),
  };
}
