/**
 * How much work reading a bid's attachments may cost. The files come from bidders, after the opening: any of
 * them may be huge, malformed or hostile, and none may stall the screens or take the process down. A file
 * outside a bound is hashed (hashing streams, whatever the size) but its metadata is not read.
 */
export interface AttachmentLimits {
  /** Files larger than this are not buffered for their metadata. */
  maxMetadataBytes: number;
  /** A PDF or DOCX parse that takes longer than this is abandoned. */
  parseTimeoutMs: number;
  /** DOCX: the property parts (core.xml, app.xml) larger than this, uncompressed, are skipped. */
  maxPropertyPartBytes: number;
  /** DOCX: archives with more entries than this are not opened (a zip bomb of tiny files). */
  maxZipEntries: number;
  /** A metadata value longer than this is cut: a name, not an essay. */
  maxValueChars: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxMetadataBytes: 32 * 2 ** 20,
  parseTimeoutMs: 5_000,
  maxPropertyPartBytes: 256 * 2 ** 10,
  maxZipEntries: 10_000,
  maxValueChars: 200,
};
