import type { FileMetadata } from '../screens/index.js';
import { docxMetadata } from './docx.js';
import type { AttachmentLimits } from './limits.js';
import { pdfMetadata } from './pdf.js';

export type MetadataKind = 'pdf' | 'ooxml';

/**
 * Which parser a file needs, by its bytes (a bidder's name and media type may say anything): a PDF starts
 * with `%PDF-`, an OOXML document (DOCX, XLSX, PPTX) is a zip (`PK\x03\x04`) named or typed as one.
 */
export function metadataKindOf(
  bytes: Uint8Array,
  attachment: { name: string; mediaType: string },
): MetadataKind | null {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  const zip = head.startsWith('PK\x03\x04');
  const ooxml =
    /\.(docx|docm|xlsx|pptx|wps)$/i.test(attachment.name) ||
    attachment.mediaType.includes('officedocument') ||
    attachment.mediaType.includes('ms-word');
  return zip && ooxml ? 'ooxml' : null;
}

export interface MetadataResult {
  metadata: FileMetadata;
  /** Why nothing was read, when the file could not be: the screen carries on without it. */
  problem?: string;
}

/** The values as a screen compares them: trimmed, bounded, empty ones left out. */
function cleaned(m: FileMetadata, limits: AttachmentLimits): FileMetadata {
  const out: FileMetadata = {};
  for (const key of ['author', 'lastModifiedBy', 'company'] as const) {
    const value = m[key]
      ?.replace(/\p{Cc}/gu, ' ')
      .trim()
      .slice(0, limits.maxValueChars);
    if (value) out[key] = value;
  }
  return out;
}

/** A file's metadata, never throwing: a malformed or hostile file has none, and says why. */
export async function readMetadata(
  bytes: Uint8Array,
  attachment: { name: string; mediaType: string },
  limits: AttachmentLimits,
): Promise<MetadataResult> {
  const kind = metadataKindOf(bytes, attachment);
  if (!kind) return { metadata: {} };
  try {
    const raw =
      kind === 'pdf' ? await pdfMetadata(bytes, limits.parseTimeoutMs) : docxMetadata(bytes, limits);
    return { metadata: cleaned(raw, limits) };
  } catch (err) {
    return { metadata: {}, problem: `${kind}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
