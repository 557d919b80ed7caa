import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { clientContainsSecret, clientLeakStream, clientLogger, prepareMasking } from '../client.js';
import type { SecretClient } from '../types.js';
import { SecretLeakError } from './leak-error.js';
import {
  callbackOf,
  chunkBytes,
  isChunk,
  isLatin1String,
  isTextEncoding,
  type WriteArgs,
} from './write-args.js';

/** Finds values in a body written in pieces: a leak-stream, or a per-chunk check for foreign clients. */
interface BodyScanner {
  /** True once a whole value has been seen. */
  push(text: string): boolean;
  /** Position from which output must be held back (a value may be arriving); undefined: none. */
  readonly holdFrom: number | undefined;
}

function scannerFor(client: SecretClient<object>): BodyScanner {
  const stream = clientLeakStream(client);
  if (stream) return stream;
  return { push: (text) => clientContainsSecret(client, text), holdFrom: undefined };
}

/** A chunk the handler wrote, kept until it is known to hold no part of a value. */
interface Held {
  readonly args: WriteArgs;
  /** Body position (UTF-16 code units) just after this chunk. */
  readonly end: number;
  readonly bytes: number;
}

/**
 * Refuses, on one `node:http` server, every response that would carry a loaded value (in any form
 * `mask()` knows) in its body or headers. The body streams: each chunk is scanned as it is written;
 * what a handler writes before the event loop turns is passed on together at the next turn (so
 * `write(a); end(b)` is judged as one body), except from the point where the start of a value is
 * recognised (its first 15 characters, more when many loaded values share a prefix) until the
 * value is complete or disproved. Memory is bounded by one turn's writes plus the largest value,
 * not by the body; `write()` returns false once held and socket-buffered bytes reach the response's
 * high-water mark and `drain` follows, so `pipe` and `pipeline` keep their backpressure.
 * `writeHead` is deferred until the first body byte goes out.
 *
 * When a value is found before anything was sent — a body written in one turn, with or without
 * `writeHead` — the client gets a bare `500 Internal Server Error` instead. When part of the response
 * already went out (a body streamed over several turns), the connection is cut: the client never
 * receives a whole value, but may have received the text before the point where the value was
 * recognised. Either way the handler's pending write callbacks get a SecretLeakError and the
 * client's logger a `response_refused` event. Not inspected: bodies a middleware compresses or
 * encrypts before they reach `write()`. Returns a function that stops guarding new requests.
 */
export function guardHttpServer(server: Server, client: SecretClient<object>): () => void {
  prepareMasking(client);
  const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    new ResponseGuard(res, client).install();
  };
  server.prependListener('request', onRequest);
  return () => server.removeListener('request', onRequest);
}

class ResponseGuard {
  readonly #res: ServerResponse;
  readonly #client: SecretClient<object>;
  readonly #scanner: BodyScanner;
  readonly #decoder = new StringDecoder('utf8');
  readonly #write: (...args: WriteArgs) => boolean;
  readonly #end: (...args: WriteArgs) => ServerResponse;
  readonly #writeHead: (...args: unknown[]) => ServerResponse;
  readonly #flushHeaders: () => void;
  /** `writeHead` arguments not yet passed on. */
  #head: unknown[] | undefined;
  #held: Held[] = [];
  #heldBytes = 0;
  #position = 0;
  #flushScheduled = false;
  /** `write()` answered false: `drain` is owed once the held bytes are gone. */
  #owesDrain = false;
  #ended = false;
  /** Headers went out: a refusal can no longer be a clean 500. */
  #headSent = false;
  #refused = false;

  constructor(res: ServerResponse, client: SecretClient<object>) {
    this.#res = res;
    this.#client = client;
    this.#scanner = scannerFor(client);
    this.#write = res.write.bind(res) as (...args: WriteArgs) => boolean;
    this.#end = res.end.bind(res) as (...args: WriteArgs) => ServerResponse;
    this.#writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    this.#flushHeaders = res.flushHeaders.bind(res);
  }

  install(): void {
    const res = this.#res;
    res.write = ((...args: WriteArgs) => this.#onWrite(args)) as ServerResponse['write'];
    res.end = ((...args: WriteArgs) => this.#onEnd(args)) as ServerResponse['end'];
    res.writeHead = ((...args: unknown[]) => this.#onWriteHead(args)) as ServerResponse['writeHead'];
    res.flushHeaders = () => {
      if (this.#sendHead()) this.#flushHeaders();
    };
  }

  #onWriteHead(args: unknown[]): ServerResponse {
    if (this.#headSent || this.#refused) return this.#writeHead(...args);
    this.#head = args;
    if (typeof args[0] === 'number') this.#res.statusCode = args[0];
    return this.#res;
  }

  #onWrite(args: WriteArgs): boolean {
    if (this.#refused) return this.#discard(args);
    // After a clean end() everything went to Node: a late write gets Node's own answer.
    if (this.#ended) return this.#write(...args);
    // Node rejects a chunk that is neither text nor bytes at once; held, it would throw from a later
    // turn, where no handler can catch it and the process exits.
    if (!isChunk(args[0])) return this.#write(...args);
    if (this.#take(args)) {
      this.#refuse('response body');
      return false;
    }
    this.#flushSoon();
    const res = this.#res;
    const room = this.#heldBytes + res.writableLength < res.writableHighWaterMark;
    if (!room) this.#owesDrain = true;
    return room;
  }

  /** Passes on what is safe at the next turn of the event loop, once per turn. */
  #flushSoon(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.#refused || this.#ended) return;
      this.#release(this.#scanner.holdFrom);
      if (this.#owesDrain && this.#held.length === 0 && !this.#res.writableNeedDrain) {
        this.#owesDrain = false;
        this.#res.emit('drain');
      }
    });
  }

  #onEnd(args: WriteArgs): ServerResponse {
    if (this.#refused) {
      this.#discard(args);
      return this.#res;
    }
    if (this.#ended) return this.#end(...args);
    const callback = callbackOf(args);
    const hasBody = isChunk(args[0]);
    // Node reads a falsy chunk or a function as no body; anything else that is not a chunk, it
    // rejects at once (see #onWrite).
    if (!hasBody && args[0] && typeof args[0] !== 'function') return this.#end(...args);
    const bodyArgs: WriteArgs = [args[0], typeof args[1] === 'string' ? args[1] : undefined];
    const leaked = (hasBody && this.#take(bodyArgs)) || this.#scanner.push(this.#decoder.end());
    this.#ended = true;
    if (leaked) {
      this.#refuse('response body');
      if (callback) process.nextTick(callback, new SecretLeakError());
      return this.#res;
    }
    // A value still arriving when the body ends was only a prefix: not a value, nothing to refuse.
    if (!this.#sendHead()) {
      if (callback) process.nextTick(callback, new SecretLeakError('response headers'));
      return this.#res;
    }
    // Whatever went out before, a last chunk alone can go with end(): Node frames it either way.
    const only = this.#held.length === 1 && hasBody ? this.#held[0] : undefined;
    const held = this.#held;
    this.#held = [];
    this.#heldBytes = 0;
    // One body in one call: let Node set content-length as it would without the guard.
    if (only) return this.#end(only.args[0], only.args[1], callback);
    for (const chunk of held) this.#write(...chunk.args);
    return this.#end(callback);
  }

  /**
   * Scans one chunk (a string or bytes) and holds it; true when a whole value has now been seen. A
   * string written in a text encoding is scanned as the string itself (a client reading UTF-16 would
   * see the value that UTF-8 decoding of its bytes hides); bytes, and strings in hex or base64, as
   * UTF-8. A `latin1` string is both: its bytes read as UTF-8 (a value's UTF-8 bytes carried in a
   * binary string) and, chunk by chunk, the string itself (what a client reading Latin-1 sees). An
   * encoding Node does not know throws Node's `ERR_UNKNOWN_ENCODING` now, as `write` does.
   */
  #take(args: WriteArgs): boolean {
    const encoding = typeof args[1] === 'string' ? args[1] : undefined;
    const bytes = chunkBytes(args[0], encoding)!;
    const text =
      typeof args[0] === 'string' && isTextEncoding(encoding)
        ? this.#decoder.end() + args[0]
        : this.#decoder.write(bytes);
    this.#position += text.length;
    this.#held.push({ args, end: this.#position, bytes: bytes.length });
    this.#heldBytes += bytes.length;
    const leaked = this.#scanner.push(text);
    return leaked || (isLatin1String(args[0], encoding) && clientContainsSecret(this.#client, args[0]));
  }

  /** Passes on every held chunk that ends before `holdFrom`. */
  #release(holdFrom: number | undefined): void {
    while (this.#held.length > 0) {
      const next = this.#held[0]!;
      if (holdFrom !== undefined && next.end > holdFrom) break;
      if (!this.#sendHead()) return;
      this.#held.shift();
      this.#heldBytes -= next.bytes;
      this.#write(...next.args);
    }
  }

  /** Sends the deferred head once, after checking its headers; false when they held a value. */
  #sendHead(): boolean {
    if (this.#headSent) return true;
    const headers = JSON.stringify([this.#head, this.#res.getHeaders(), this.#res.statusMessage]);
    if (clientContainsSecret(this.#client, headers)) {
      this.#refuse('response headers');
      return false;
    }
    this.#headSent = true;
    const head = this.#head;
    this.#head = undefined;
    if (head) this.#writeHead(...head);
    return true;
  }

  #refuse(what: string): void {
    this.#refused = true;
    const callbacks = this.#held.map((h) => callbackOf(h.args.slice(1)));
    this.#held = [];
    this.#heldBytes = 0;
    const res = this.#res;
    let outcome: '500' | 'connection_cut';
    if (!this.#headSent) {
      this.#head = undefined;
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.statusCode = 500;
      res.statusMessage = 'Internal Server Error';
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      this.#headSent = true;
      this.#end('Internal Server Error');
      outcome = '500';
    } else {
      res.destroy();
      outcome = 'connection_cut';
    }
    for (const callback of callbacks) if (callback) process.nextTick(callback, new SecretLeakError(what));
    clientLogger(this.#client)?.error(
      { event: 'response_refused', what, outcome },
      'locksmith: a response held a loaded secret value and was refused',
    );
  }

  /** A write after a refusal: dropped, its callback told why. */
  #discard(args: WriteArgs): false {
    const callback = callbackOf(args);
    if (callback) process.nextTick(callback, new SecretLeakError());
    return false;
  }
}
