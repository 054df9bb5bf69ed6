export type SealedBidErrorCode =
  | 'EMPTY'
  | 'NOT_SEALED'
  | 'UNSUPPORTED_VERSION'
  | 'HEADER_INVALID'
  | 'TOO_LARGE'
  | 'TRUNCATED'
  | 'TRAILER_INVALID'
  | 'BODY_DIGEST_MISMATCH'
  | 'TRAILING_DATA'
  | 'CHUNK_AUTH_FAILED';

/** A sealed-bid file that does not follow the format; the message says what is wrong in plain words. */
export class SealedBidError extends Error {
  constructor(
    readonly code: SealedBidErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SealedBidError';
  }
}
