import type { Clock } from '../../src/types.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets every pending promise callback and I/O callback run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A manual clock: timers run only inside `advance`, in time order, with promise jobs settled between them. */
export class FakeClock implements Clock {
  private time = 1_700_000_000_000;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  unrefCalls = 0;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): { id: number; unref(): void } {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), fn });
    return {
      id,
      unref: () => {
        this.unrefCalls++;
      },
    };
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'object' && handle !== null && 'id' in handle)
      this.timers.delete((handle as Timer).id);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Due times of pending timers, relative to now. */
  dueIn(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      let next: Timer | undefined;
      for (const timer of this.timers.values())
        if (timer.at <= target && (!next || timer.at < next.at)) next = timer;
      if (!next) break;
      this.timers.delete(next.id);
      this.time = next.at;
      next.fn();
    }
    this.time = target;
    await settle();
  }
}

/** A deterministic uniform random in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
