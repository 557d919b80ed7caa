/** The arguments of a Node `Writable.write` / `ServerResponse.write`: chunk, then encoding and/or callback. */
export type WriteArgs = [chunk: unknown, encodingOrCallback?: unknown, callback?: unknown];

/** Encodings whose string chunks are text as written; others (hex, base64…) describe bytes. */
const TEXT_ENCODINGS = new Set(['utf8', 'utf-8', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le']);

/** The chunk as bytes (undefined when there is no chunk). */
export function chunkBytes(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === 'string') {
    const enc = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
    return Buffer.from(chunk, enc);
  }
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return undefined;
}

/** True when a string written with `encoding` is text as written (no encoding given: UTF-8). */
export function isTextEncoding(encoding: unknown): boolean {
  return typeof encoding !== 'string' || TEXT_ENCODINGS.has(encoding.toLowerCase());
}

/** The chunk as the text a reader of the output would see (UTF-8 for bytes). */
export function chunkText(chunk: unknown, encoding: unknown): string | undefined {
  if (typeof chunk === 'string' && isTextEncoding(encoding)) return chunk;
  return chunkBytes(chunk, encoding)?.toString('utf8');
}

/** The callback among write/end arguments, if any. */
export function callbackOf(args: readonly unknown[]): ((error?: Error | null) => void) | undefined {
  return args.find((a) => typeof a === 'function') as ((error?: Error | null) => void) | undefined;
}
