import { afterEach, describe, expect, it } from 'vitest';
import { SecretLeakError } from '../src/redact/leak-error.js';
import { CANARY } from './helpers/descriptor.js';
import { closeGuarded, deferred, fetchRaw, guarded } from './helpers/guarded-server.js';

afterEach(closeGuarded);

/** A loaded value with characters outside ASCII (inside Latin-1): its UTF-8 and Latin-1 bytes differ. */
const ACCENTED = 'CANARY-tökén-5e6f7a8b9c-ñ';

const refusals = (lines: { obj: object }[]) =>
  lines.map((l) => l.obj).filter((o) => (o as { event?: string }).event === 'response_refused');

describe('guardHttpServer: the refusal', () => {
  it('is a bare 500 Internal Server Error in plain text, whatever the handler had set', async () => {
    const { port } = await guarded((_req, res) => {
      res.writeHead(202, 'Accepted Here', { 'content-type': 'application/json', 'x-trace': 'abc' });
      res.end(`{"token":"${CANARY.token}"}`);
    });
    const answer = await fetchRaw(port);
    expect(answer).toMatchObject({ status: 500, statusMessage: 'Internal Server Error', cut: false });
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.headers['x-trace']).toBeUndefined();
    expect(answer.body.toString()).toBe('Internal Server Error');
  });

  it('of headers holding a value: end()’s callback gets a SecretLeakError, and the event names the headers', async () => {
    const endError = deferred<unknown>();
    const { port, lines } = await guarded((_req, res) => {
      res.setHeader('x-debug', `token ${CANARY.token}`);
      res.end('a clean body', () => undefined);
      // A second end() after the refusal is dropped and told why.
      res.end('again', (error?: Error | null) => endError.resolve(error));
    });
    const answer = await fetchRaw(port);
    expect(answer.status).toBe(500);
    expect(answer.body.toString()).toBe('Internal Server Error');
    expect(await endError.promise).toBeInstanceOf(SecretLeakError);
    expect(refusals(lines)).toEqual([
      { event: 'response_refused', what: 'response headers', outcome: '500' },
    ]);
  });

  it('of headers, with end(body, callback): that callback gets the SecretLeakError', async () => {
    const endError = deferred<unknown>();
    const { port } = await guarded((_req, res) => {
      res.writeHead(200, { 'x-debug': CANARY.password });
      res.end('a clean body', (error?: Error | null) => endError.resolve(error));
    });
    expect((await fetchRaw(port)).status).toBe(500);
    const error = await endError.promise;
    expect(error).toBeInstanceOf(SecretLeakError);
    expect((error as Error).message).toBe(new SecretLeakError('response headers').message);
    expect(String(error)).not.toContain(CANARY.password);
  });

  it('happens once: writes after it are dropped without a second refusal', async () => {
    const late = deferred<{ returned: boolean; error: unknown }>();
    const { port, lines } = await guarded((_req, res) => {
      res.write(`x=${CANARY.token}`);
      let returned = true;
      returned = res.write(`y=${CANARY.password}`, (error) => late.resolve({ returned, error }));
      res.end();
    });
    expect((await fetchRaw(port)).status).toBe(500);
    expect(await late.promise).toMatchObject({ returned: false, error: expect.any(SecretLeakError) });
    expect(refusals(lines)).toHaveLength(1);
  });
});

describe('guardHttpServer: a value outside ASCII, however it is encoded', () => {
  const cases: Record<string, (res: import('node:http').ServerResponse) => void> = {
    // A client reading Latin-1 (charset=iso-8859-1) sees the value itself.
    'as a Latin-1 string': (res) => res.end(`t=${ACCENTED}`, 'latin1'),
    // A binary string carrying the value's UTF-8 bytes: a client reading UTF-8 sees the value.
    'as a binary string of its UTF-8 bytes': (res) =>
      res.end(Buffer.from(`t=${ACCENTED}`).toString('latin1'), 'binary'),
    'as bytes cut inside a character': (res) => {
      const bytes = Buffer.from(`t=${ACCENTED}`);
      const cut = bytes.indexOf(Buffer.from('ö')) + 1;
      res.write(bytes.subarray(0, cut));
      res.end(bytes.subarray(cut));
    },
  };
  for (const [name, write] of Object.entries(cases))
    it(`${name}: refused`, async () => {
      const { port } = await guarded((_req, res) => write(res), { token: ACCENTED });
      const answer = await fetchRaw(port);
      expect(answer.status).toBe(500);
      expect(answer.body.toString()).toBe('Internal Server Error');
    });
});
