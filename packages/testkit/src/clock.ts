/**
 * A clock the test controls. The fakes read it for every date they report and every TTL they
 * enforce, so a test can jump hours ahead without sleeping. It also implements the runtime's
 * `Clock` interface (`setTimeout`/`clearTimeout`), so one clock can drive the fakes and the SDK.
 */
export interface FakeClock {
  /** Milliseconds since the epoch, as the fakes see it. */
  now(): number;
  /** Moves time forward and fires every timer that falls due, in order. */
  advance(ms: number): void;
  /** Jumps to an absolute time (never backwards). */
  set(epochMs: number): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: unknown): void;
  /** Timers not yet fired. */
  pendingTimers(): number;
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Creates a fake clock starting at `startMs` (default: the real time when called). */
export function createFakeClock(startMs: number = Date.now()): FakeClock {
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const runDue = (until: number): void => {
    for (;;) {
      let due: Timer | undefined;
      for (const t of timers.values()) {
        if (t.at <= until && (due === undefined || t.at < due.at || (t.at === due.at && t.id < due.id)))
          due = t;
      }
      if (!due) break;
      timers.delete(due.id);
      current = Math.max(current, due.at);
      due.fn();
    }
    current = until;
  };

  return {
    now: () => current,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('clock.advance: ms must be a non-negative number');
      runDue(current + ms);
    },
    set(epochMs) {
      if (epochMs < current) throw new RangeError('clock.set: the fake clock never goes backwards');
      runDue(epochMs);
    },
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { id, at: current + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') timers.delete(handle);
    },
    pendingTimers: () => timers.size,
  };
}

/**
 * The machine's clock behind the `FakeClock` interface, for fakes that out-of-process clients
 * use: dates move, token TTLs run down and recovery windows end in real time. It cannot be moved;
 * `advance` and `set` throw (start `locksmith-fake --fake-clock` for a clock a test moves).
 */
export function createRealClock(): FakeClock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  const refuse = (): never => {
    throw new RangeError('this fake runs on the real clock; start it with a fake clock to move time');
  };
  return {
    now: () => Date.now(),
    advance: refuse,
    set: refuse,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          fn();
        }, ms),
      );
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle !== 'number') return;
      clearTimeout(timers.get(handle));
      timers.delete(handle);
    },
    pendingTimers: () => timers.size,
  };
}
