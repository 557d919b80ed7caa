import { clientContainsSecret, prepareMasking } from '../client.js';
import type { SecretClient } from '../types.js';
import { SecretLeakError } from './leak-error.js';
import { callbackOf, chunkText, isLatin1String, type WriteArgs } from './write-args.js';

export { guardHttpServer } from './http-guard.js';
export { SecretLeakError } from './leak-error.js';

/** A stream the leak guard can wrap: anything with a Node-style `write`. */
export interface GuardedStream {
  write(...args: WriteArgs): boolean;
}

/** Options of {@link installLeakGuard}. */
export interface LeakGuardOptions {
  /** Streams whose `write` is masked (default: `process.stdout` and `process.stderr`). */
  readonly streams?: readonly GuardedStream[];
}

/**
 * Opt-in: masks every loaded value (in each form `mask()` knows) in everything written to
 * `process.stdout` and `process.stderr` through their `write` method. That is where Node's global
 * `console` writes, so every console method is covered (`log`, `info`, `warn`, `error`, `debug`,
 * `trace`, `dir`, `dirxml`, `table`, `assert`, `count`, `group`, `time*`), and so are loggers that
 * write to those streams. Not covered: writes that bypass the stream objects (`fs.writeSync(1, …)`,
 * pino's default `sonic-boom` destination), child processes that inherit the file descriptors, and
 * a value split across two `write` calls (each call is masked on its own). A chunk without a value
 * is passed through byte for byte. Returns an uninstall function; a guard that was wrapped again by
 * someone else after it stays in place but stops masking.
 */
export function installLeakGuard(client: SecretClient<object>, options: LeakGuardOptions = {}): () => void {
  const streams = options.streams ?? [process.stdout, process.stderr];
  prepareMasking(client);
  let active = true;
  const restores = streams.map((stream) => {
    const original = stream.write;
    const guarded = function (this: unknown, ...args: WriteArgs): boolean {
      if (!active) return original.apply(this, args);
      // A Latin-1 string is also text as written: a reader decoding Latin-1 sees it as it is.
      if (isLatin1String(args[0], args[1]) && clientContainsSecret(client, args[0]))
        return original.call(this, client.mask(args[0]), args[1], callbackOf(args.slice(1)));
      const text = chunkText(args[0], args[1]);
      if (text === undefined || !clientContainsSecret(client, text)) return original.apply(this, args);
      return original.call(this, client.mask(text), 'utf8', callbackOf(args.slice(1)));
    };
    stream.write = guarded;
    return () => {
      if (stream.write === guarded) stream.write = original;
    };
  });
  return () => {
    active = false;
    for (const restore of restores) restore();
  };
}

/**
 * Throws SecretLeakError when `body` holds a loaded value in any form the masker knows; returns
 * the body otherwise. One pass over the text, whatever the number of loaded values.
 */
export function guardResponse<B extends string | Uint8Array>(client: SecretClient<object>, body: B): B {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  if (clientContainsSecret(client, text)) throw new SecretLeakError();
  return body;
}
