import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CANARY } from './helpers/descriptor.js';
import { closeGuarded, deferred, fetchRaw, guarded, nextTurn } from './helpers/guarded-server.js';

afterEach(closeGuarded);

/**
 * The guard's flow control, observed on a real server and client. The high-water mark is set to
 * 1 KiB so that a few hundred bytes decide `write()`'s answer; `res.cork()` keeps what the guard
 * passed on in the socket's buffer (counted by `writableLength`) until the handler uncorks, which
 * makes "socket-buffered bytes" deterministic on loopback. Each step waits for the guard's flush
 * by event-loop order (`nextTurn` runs after the flush the handler's writes scheduled), not by time.
 */
const HWM = 1024;

/** Counts `drain` events on `res` from now on. */
function drainCounter(res: ServerResponse): () => number {
  let drains = 0;
  res.on('drain', () => {
    drains++;
  });
  return () => drains;
}

describe('guardHttpServer: write() answers as a Writable would', () => {
  it('true under the high-water mark, false once held bytes reach it, and false once held plus socket-buffered bytes do', async () => {
    const steps = deferred<Record<string, unknown>>();
    const { port } = await guarded(
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        // A drain means the response can take more: never while the socket still needs one.
        const needDrainAtDrain: boolean[] = [];
        res.on('drain', () => needDrainAtDrain.push(res.writableNeedDrain));
        res.cork();
        const underMark = res.write(Buffer.alloc(600, 'a'));
        // 600 + 424 held = the mark exactly: a Writable answers false at its high-water mark.
        const atMark = res.write(Buffer.alloc(HWM - 600, 'b'));
        await nextTurn();
        const buffered = res.writableLength;
        // Nothing held now, but the corked socket holds the first 1 KiB: one more byte is too many.
        const overBuffered = res.write('c');
        res.uncork();
        await once(res, 'drain');
        res.end();
        steps.resolve({
          underMark,
          atMark,
          buffered: buffered >= HWM,
          overBuffered,
          needDrainAtDrain: needDrainAtDrain.includes(true),
        });
      },
      { highWaterMark: HWM },
    );
    const answer = await fetchRaw(port);
    expect(await steps.promise).toEqual({
      underMark: true,
      atMark: false,
      buffered: true,
      overBuffered: false,
      needDrainAtDrain: false,
    });
    expect(answer).toMatchObject({ status: 200, cut: false });
    expect(answer.body.toString()).toBe(`${'a'.repeat(600)}${'b'.repeat(HWM - 600)}c`);
  });

  it('drain follows a false exactly once, even when the socket itself never needed one, and never after end()', async () => {
    const steps = deferred<Record<string, unknown>>();
    const { port } = await guarded(
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const drains = drainCounter(res);
        res.cork();
        const first = res.write(Buffer.alloc(500, 'a'));
        await nextTurn();
        // No false yet: no drain is owed.
        const drainsBeforeFalse = drains();
        // 500 held + the first 500 (and the head) in the corked socket reach the mark.
        const second = res.write(Buffer.alloc(500, 'b'));
        // The socket sends what it holds; each of its own writes stayed under the mark, so it owes
        // no drain: the guard does, once it has passed the held bytes on.
        res.uncork();
        await nextTurn();
        const socketNeedsDrain = res.writableNeedDrain;
        if (socketNeedsDrain) await once(res, 'drain');
        const drainsAfterFlush = drains();
        const third = res.write('c');
        await nextTurn();
        const drainsAfterTrue = drains();
        res.end();
        await nextTurn();
        steps.resolve({
          first,
          drainsBeforeFalse,
          second,
          drainsAfterFlush,
          third,
          drainsAfterTrue,
          drainsAfterEnd: drains(),
        });
      },
      { highWaterMark: HWM },
    );
    const answer = await fetchRaw(port);
    expect(await steps.promise).toEqual({
      first: true,
      drainsBeforeFalse: 0,
      second: false,
      drainsAfterFlush: 1,
      third: true,
      drainsAfterTrue: 1,
      drainsAfterEnd: 1,
    });
    expect(answer.body.toString()).toBe(`${'a'.repeat(500)}${'b'.repeat(500)}c`);
  });

  it('a false answered just before end() brings no drain after it', async () => {
    const drainsAfterEnd = deferred<number>();
    const { port } = await guarded(
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const drains = drainCounter(res);
        res.cork();
        res.write(Buffer.alloc(500, 'a'));
        await nextTurn();
        res.write(Buffer.alloc(500, 'b'));
        // Uncorked before end() in the same turn, so no drain can come between them. (end() while
        // corked is no good: Node 22's own http server then sends a malformed chunked response.)
        res.uncork();
        res.end();
        await once(res, 'finish');
        await nextTurn();
        drainsAfterEnd.resolve(drains());
      },
      { highWaterMark: HWM },
    );
    const answer = await fetchRaw(port);
    expect(await drainsAfterEnd.promise).toBe(0);
    expect(answer.body.length).toBe(1000);
  });

  it('bytes passed on stop counting: many turns of writes under the mark are all answered true', async () => {
    const answers = deferred<boolean[]>();
    const { port } = await guarded(
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const got: boolean[] = [];
        for (let turn = 0; turn < 8; turn++) {
          // Whatever the socket still buffers counts, so write the next chunk once this one is out
          // (its callback: the socket has handed it to the kernel).
          const written = deferred();
          got.push(res.write(Buffer.alloc(400, 'x'), () => written.resolve()));
          await written.promise;
        }
        res.end();
        answers.resolve(got);
      },
      { highWaterMark: HWM },
    );
    const answer = await fetchRaw(port);
    expect(await answers.promise).toEqual(Array(8).fill(true));
    expect(answer.body.length).toBe(8 * 400);
  });
});

describe('guardHttpServer: what is held back, and from where', () => {
  it('a chunk that ends where a value may begin goes out at the next turn; the possible value waits', async () => {
    const prefix = CANARY.password.slice(0, 20);
    const steps = deferred<Record<string, unknown>>();
    const { port } = await guarded(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('safe text|');
      res.write(prefix);
      await nextTurn();
      const headSentWithFirstChunk = res.headersSent;
      const passedOn = res.socket!.bytesWritten;
      // Not the value after all: the held prefix can go.
      res.end('!not it');
      steps.resolve({ headSentWithFirstChunk, passedOn: passedOn > 0 });
    });
    const answer = await fetchRaw(port);
    expect(await steps.promise).toEqual({ headSentWithFirstChunk: true, passedOn: true });
    expect(answer).toMatchObject({ status: 200, cut: false });
    expect(answer.body.toString()).toBe(`safe text|${prefix}!not it`);
  });

  it('with no value in sight, every chunk of a turn goes out at the next one', async () => {
    const headSent = deferred<boolean>();
    const { port } = await guarded(async (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.write('one ');
      res.write('two ');
      await nextTurn();
      headSent.resolve(res.headersSent);
      res.end('three');
    });
    const answer = await fetchRaw(port);
    expect(await headSent.promise).toBe(true);
    expect(answer.body.toString()).toBe('one two three');
  });
});
