import type { ScheduledTask, Scheduler, TaskOwner } from './scheduler.js';

/** What the timers call back into (the holder). */
export interface TimerTarget {
  refreshDue(): void;
  expiryDue(): void;
}

type TimerKind = 'refresh' | 'expiry';

/**
 * The timers of a holder: the next refresh (always armed while a value is held) and the value's
 * expiry (armed only once refreshes fail). Both live in the client's shared Scheduler; no
 * closure per timer, so a cached secret costs a few dozen bytes of scheduling.
 */
export class HolderTimers implements TaskOwner {
  readonly #scheduler: Scheduler;
  readonly #target: TimerTarget;
  #refresh: ScheduledTask | undefined;
  #expiry: ScheduledTask | undefined;

  constructor(scheduler: Scheduler, target: TimerTarget) {
    this.#scheduler = scheduler;
    this.#target = target;
  }

  set(kind: TimerKind, ms: number): void {
    this.clear(kind);
    const task = this.#scheduler.schedule(ms, this);
    if (kind === 'refresh') this.#refresh = task;
    else this.#expiry = task;
  }

  armed(kind: TimerKind): boolean {
    return this.#task(kind) !== undefined;
  }

  /** When the timer fires (epoch ms), if armed. */
  dueAt(kind: TimerKind): number | undefined {
    return this.#task(kind)?.at;
  }

  clear(kind: TimerKind): void {
    const task = this.#task(kind);
    if (task) this.#scheduler.cancel(task);
    if (kind === 'refresh') this.#refresh = undefined;
    else this.#expiry = undefined;
  }

  stop(): void {
    this.clear('refresh');
    this.clear('expiry');
  }

  due(task: ScheduledTask): void {
    if (task === this.#refresh) {
      this.#refresh = undefined;
      this.#target.refreshDue();
    } else if (task === this.#expiry) {
      this.#expiry = undefined;
      this.#target.expiryDue();
    }
  }

  #task(kind: TimerKind): ScheduledTask | undefined {
    return kind === 'refresh' ? this.#refresh : this.#expiry;
  }
}
