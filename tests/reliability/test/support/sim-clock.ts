import type { FakeClock } from '@locksmith/testkit';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets pending promise jobs and socket callbacks run (real I/O to the loopback fakes). */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * One simulated clock shared by the fakes (their TTLs, outage windows) and the runtime (refresh,
 * backoff, breaker). Unlike the testkit clock, `run()` lets real HTTP exchanges finish between
 * timers: before each due timer fires it waits until `idle()` says no store call is in flight.
 */
export class SimClock implements FakeClock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  private idle: () => boolean = () => true;
  private whenIdle: () => Promise<void> = () => Promise.resolve();

  constructor(startMs = 1_800_000_000_000) {
    this.time = startMs;
  }

  /**
   * Sets what `quiesce()` waits for: `idle` says whether store calls are in flight, `whenIdle`
   * resolves when the last one ends (the harness counts provider calls).
   */
  idleWhen(idle: () => boolean, whenIdle: () => Promise<void>): void {
    this.idle = idle;
    this.whenIdle = whenIdle;
  }

  now = (): number => this.time;

  setTimeout = (fn: () => void, ms: number): number => {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.timers.delete(handle);
  };

  pendingTimers = (): number => this.timers.size;

  /** Synchronous form required by the testkit interface: fires due timers without waiting for I/O. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) this.fire(next);
    this.time = target;
  }

  set(epochMs: number): void {
    if (epochMs < this.time) throw new RangeError('SimClock never goes backwards');
    this.advance(epochMs - this.time);
  }

  /** Waits (real time) until no store call is in flight and promise jobs have run. */
  async quiesce(): Promise<void> {
    for (let stable = 0; stable < 2; ) {
      await settle();
      if (this.idle()) stable++;
      else {
        stable = 0;
        await this.whenIdle();
      }
    }
  }

  /** Moves simulated time forward by `ms`, firing timers in order and letting I/O finish between them. */
  async run(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await this.quiesce();
      const next = this.nextDue(target);
      if (!next) break;
      this.fire(next);
    }
    this.time = target;
    await this.quiesce();
  }

  /** Runs the clock until `promise` settles (at most `limitMs` of simulated time). */
  async until<T>(promise: Promise<T>, limitMs = 600_000): Promise<T> {
    let done = false;
    const watched = promise.finally(() => {
      done = true;
    });
    watched.catch(() => undefined);
    const end = this.time + limitMs;
    for (;;) {
      await this.quiesce();
      if (done) return watched;
      const next = this.nextDue(end);
      if (!next) break;
      this.fire(next);
    }
    await this.quiesce();
    if (!done) throw new Error(`SimClock.until: promise still pending after ${limitMs} simulated ms`);
    return watched;
  }

  private nextDue(until: number): Timer | undefined {
    let due: Timer | undefined;
    for (const t of this.timers.values())
      if (t.at <= until && (!due || t.at < due.at || (t.at === due.at && t.id < due.id))) due = t;
    return due;
  }

  private fire(timer: Timer): void {
    this.timers.delete(timer.id);
    this.time = Math.max(this.time, timer.at);
    timer.fn();
  }
}

/** A deterministic uniform random in [0, 1) (mulberry32), so jitter is the same on every run. */
export function seededJitter(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
