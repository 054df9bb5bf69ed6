import { Readable } from 'node:stream';
import { BidPackageReader } from '../../../crypto/sealed-bid/index.js';

/** An attachment as the manifest lists it (crypto/sealed-bid/SPEC.md, "Bid package"). */
export interface ManifestAttachment {
  name: string;
  size: number;
  mediaType: string;
}

/**
 * One attachment cut out of a decrypted package stream as it goes: the package reader walks the manifest's
 * sizes, only the bytes of attachment `index` pass, and reading stops (the decryption with it) once they
 * are all out. Nothing is held beyond the chunk in hand. The stream fails if the package ends early.
 */
export function packageAttachment(pkg: Readable, index: number, size: number): Readable {
  async function* bytes() {
    const out: Uint8Array[] = [];
    const reader = new BidPackageReader((i, piece) => {
      if (i === index) out.push(piece);
    });
    let sent = 0;
    try {
      for await (const piece of pkg) {
        if (sent === size) break; // an empty attachment, or the last bytes went out with the previous piece
        await reader.push(piece as Uint8Array);
        for (let next = out.shift(); next; next = out.shift()) {
          sent += next.length;
          yield next;
        }
        if (sent === size) break;
      }
    } finally {
      pkg.destroy();
    }
    if (sent !== size) throw new Error(`The bid package ended inside attachment ${index}`);
  }
  return Readable.from(bytes(), { objectMode: false });
}

/**
 * Media types a browser may show inline from our origin: a PDF only (the committee's viewer). Anything else
 * a bidder named (text/html, image/svg+xml, ...) is downloaded as bytes, never rendered as our page.
 */
const INLINE_TYPES = new Set(['application/pdf']);

/** The response headers of an attachment download (Content-Type, Content-Disposition, no sniffing). */
export function attachmentHeaders(attachment: ManifestAttachment): Record<string, string> {
  const type = attachment.mediaType.split(';')[0]!.trim().toLowerCase();
  const inline = INLINE_TYPES.has(type);
  return {
    'Content-Type': inline ? type : 'application/octet-stream',
    'Content-Length': String(attachment.size),
    'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', attachment.name),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
}

/**
 * RFC 6266 with an RFC 5987 `filename*` for the real (often Chinese) name and a plain ASCII `filename` for
 * old clients; no quote, backslash, path separator or control character of the bidder's name gets through.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const base = name.replace(/[\\/]/g, '_');
  const ascii = base.replace(/[^\x20-\x7e]|["%;]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(base).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
