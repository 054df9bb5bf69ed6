// Cuts any stream of byte pieces into the format's fixed-size chunks, and holds the stream to the
// size the header promised: a source that delivers more or less is an error, not a different bid.

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export async function* rechunk(source: ByteSource, size: number, total: number): AsyncGenerator<Uint8Array> {
  let pending = new Uint8Array(size);
  let filled = 0;
  let seen = 0;
  for await (const piece of source) {
    seen += piece.length;
    if (seen > total) throw new RangeError(`The bid package is larger than the ${total} bytes declared`);
    let at = 0;
    while (at < piece.length) {
      const take = Math.min(size - filled, piece.length - at);
      pending.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === size) {
        yield pending;
        // A fresh buffer each time: the consumer may still hold the one just yielded.
        pending = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (seen < total) throw new RangeError(`The bid package has ${seen} bytes, ${total} were declared`);
  if (filled > 0) yield pending.subarray(0, filled);
}
