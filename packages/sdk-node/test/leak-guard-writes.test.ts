import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { guardResponse, installLeakGuard, SecretLeakError } from '../src/redact/leak-guard.js';
import type { SecretClient } from '../src/types.js';
import { expectNoCanary } from './helpers/canary.js';
import { CANARY } from './helpers/descriptor.js';
import { loadedTokenClient } from './helpers/token-client.js';

const clients: SecretClient<object>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function tokenClient(): Promise<SecretClient<{ 'api-token': string }>> {
  const client = await loadedTokenClient();
  clients.push(client);
  return client;
}

/** A stream object that records the arguments of each write. */
function recordingStream() {
  const written: unknown[][] = [];
  const stream = {
    write(...args: unknown[]): boolean {
      written.push(args);
      return true;
    },
  };
  return { stream, written };
}

/** A real Writable that keeps the bytes it receives, as a file or socket would. */
function byteSink() {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

describe('installLeakGuard: what a reader of the stream receives', () => {
  it('masks a value written with any string encoding Node accepts', async () => {
    const client = await tokenClient();
    const { sink, bytes } = byteSink();
    const uninstall = installLeakGuard(client, { streams: [sink] });
    const line = `token=${CANARY.token}\n`;
    for (const encoding of [
      'utf8',
      'UTF-8',
      'ascii',
      'latin1',
      'utf16le',
      'ucs2',
      'ucs-2',
      'utf-16le',
    ] as BufferEncoding[])
      sink.write(line, encoding);
    // Strings that describe bytes: the reader gets the decoded bytes, which hold the value.
    sink.write(Buffer.from(line).toString('hex'), 'hex');
    sink.write(Buffer.from(line).toString('base64'), 'base64');
    sink.write(Buffer.from(line).toString('base64url'), 'base64url');
    uninstall();
    const received = bytes();
    for (const decoding of ['utf8', 'utf16le', 'latin1'] as const)
      expectNoCanary(received.toString(decoding));
    expect(received.toString('utf8').split('token=[REDACTED]\n')).toHaveLength(12);
  });

  it('a value sent as hex or base64 bytes is masked in the decoded text, around what surrounds it', async () => {
    const client = await tokenClient();
    const { stream, written } = recordingStream();
    const uninstall = installLeakGuard(client, { streams: [stream] });
    stream.write(Buffer.from(`id=7 token=${CANARY.token}`).toString('hex'), 'hex');
    uninstall();
    expect(written).toEqual([['id=7 token=[REDACTED]', 'utf8', undefined]]);
  });

  it('passes a chunk without a value through as the same object, bytes or string', async () => {
    const client = await tokenClient();
    const { stream, written } = recordingStream();
    const uninstall = installLeakGuard(client, { streams: [stream] });
    const bytes = Buffer.from('plain bytes, nothing secret');
    stream.write(bytes);
    // An encoding given with bytes is ignored by Node, and by the guard.
    stream.write(bytes, 'latin1');
    stream.write('plain text', 'utf8');
    uninstall();
    expect(written).toEqual([[bytes], [bytes, 'latin1'], ['plain text', 'utf8']]);
    expect(written[0]![0]).toBe(bytes);
  });

  it('masks a value outside ASCII written as Latin-1, as the string a Latin-1 reader sees', async () => {
    const accented = 'CANARY-tökén-5e6f7a8b9c-ñ';
    const client = await loadedTokenClient(accented);
    clients.push(client);
    const { sink, bytes } = byteSink();
    const uninstall = installLeakGuard(client, { streams: [sink] });
    sink.write(`t=${accented}\n`, 'latin1');
    // The value's UTF-8 bytes in a binary string: a reader decoding UTF-8 sees the value.
    sink.write(Buffer.from(`u=${accented}\n`).toString('binary'), 'binary');
    uninstall();
    const received = bytes();
    expect(received.toString('latin1')).not.toContain(accented);
    expect(received.toString('utf8')).not.toContain(accented);
    expect(received.toString('latin1')).toContain('t=[REDACTED]\n');
    expect(received.toString('utf8')).toContain('u=[REDACTED]\n');
  });

  it('passes chunks that are not text (object-mode streams) through untouched', async () => {
    const client = await tokenClient();
    const { stream, written } = recordingStream();
    const uninstall = installLeakGuard(client, { streams: [stream] });
    const record = { level: 'info', n: 3 };
    expect(stream.write(record)).toBe(true);
    expect(stream.write(42)).toBe(true);
    uninstall();
    expect(written).toEqual([[record], [42]]);
  });

  it('guards process.stdout and process.stderr when no stream is named', async () => {
    const client = await tokenClient();
    const seen: string[] = [];
    const originals = [process.stdout.write, process.stderr.write] as const;
    const record = (chunk: unknown): boolean => {
      seen.push(String(chunk));
      return true;
    };
    process.stdout.write = record as typeof process.stdout.write;
    process.stderr.write = record as typeof process.stderr.write;
    try {
      const uninstall = installLeakGuard(client);
      process.stdout.write(`out ${CANARY.token}`);
      process.stderr.write(`err ${CANARY.token}`);
      uninstall();
    } finally {
      [process.stdout.write, process.stderr.write] = originals;
    }
    expect(seen).toEqual(['out [REDACTED]', 'err [REDACTED]']);
  });

  it('uninstalling leaves a wrapper someone added after the guard in place', async () => {
    const client = await tokenClient();
    const stream = { write: (_chunk: unknown): boolean => true };
    const uninstall = installLeakGuard(client, { streams: [stream] });
    const guarded = stream.write;
    const theirs = (chunk: unknown): boolean => guarded.call(stream, chunk);
    stream.write = theirs;
    uninstall();
    expect(stream.write).toBe(theirs);
  });
});

describe('guardResponse and SecretLeakError', () => {
  it('a clean body given as bytes is returned as it is; bytes holding a value are refused', async () => {
    const client = await tokenClient();
    const clean = new TextEncoder().encode('{"ok":true}');
    expect(guardResponse(client, clean)).toBe(clean);
    expect(() => guardResponse(client, new TextEncoder().encode(`{"t":"${CANARY.token}"}`))).toThrow(
      SecretLeakError,
    );
  });

  it('names what was refused and carries nothing else', () => {
    expect(new SecretLeakError()).toMatchObject({
      name: 'SecretLeakError',
      message: 'response body contains a loaded secret value; refused',
    });
    expect(new SecretLeakError('response headers').message).toBe(
      'response headers contains a loaded secret value; refused',
    );
  });
});
