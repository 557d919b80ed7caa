/** The arguments of a Node `Writable.write` / `ServerResponse.write`: chunk, then encoding and/or callback. */
export type WriteArgs = [chunk: unknown, encodingOrCallback?: unknown, callback?: unknown];

/** Encodings whose string chunks are text as written; others (hex, base64…) describe bytes. */
const TEXT_ENCODINGS = new Set(['utf8', 'utf-8', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le']);
const LATIN1 = new Set(['latin1', 'binary']);

/** True for what Node's `write` accepts as a chunk outside object mode: a string or bytes. */
export function isChunk(chunk: unknown): chunk is string | Uint8Array {
  return typeof chunk === 'string' || chunk instanceof Uint8Array;
}

/**
 * The chunk as bytes (undefined when there is no chunk). A string's encoding must be one Node
 * knows: else this throws Node's own `ERR_UNKNOWN_ENCODING`, as the stream's `write` would.
 */
export function chunkBytes(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return undefined;
}

/** True when a string written with `encoding` is text as written (no encoding given: UTF-8). */
export function isTextEncoding(encoding: unknown): boolean {
  return typeof encoding !== 'string' || TEXT_ENCODINGS.has(encoding.toLowerCase());
}

/**
 * True for a string written as `latin1` (`binary`): one byte per character, so a reader decoding
 * Latin-1 sees the string itself, while one decoding UTF-8 sees what its bytes spell.
 */
export function isLatin1String(chunk: unknown, encoding: unknown): chunk is string {
  return typeof chunk === 'string' && typeof encoding === 'string' && LATIN1.has(encoding.toLowerCase());
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
