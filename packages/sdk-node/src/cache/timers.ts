import type { ScheduledTask, Scheduler, TaskOwner } from './scheduler.js';

/** What the timers call back into (the holder). */
export interface TimerTarget {
  refreshDue(): void;
  expiryDue(): void;
}

/**
 * The timers of a holder: the next refresh (always armed while a value is held) and the value's
 * expiry (armed only once refreshes fail). Both live in the client's shared Scheduler; no
 * closure per timer, so a cached secret costs a few dozen bytes of scheduling.
 */
export class HolderTimers implements TaskOwner {
  private refresh: ScheduledTask | undefined;
  private expiry: ScheduledTask | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly target: TimerTarget,
  ) {}

  set(kind: 'refresh' | 'expiry', ms: number): void {
    this.clear(kind);
    this[kind] = this.scheduler.schedule(ms, this);
  }

  armed(kind: 'refresh' | 'expiry'): boolean {
    return this[kind] !== undefined;
  }

  clear(kind: 'refresh' | 'expiry'): void {
    const task = this[kind];
    if (task) this.scheduler.cancel(task);
    this[kind] = undefined;
  }

  stop(): void {
    this.clear('refresh');
    this.clear('expiry');
  }

  due(task: ScheduledTask): void {
    if (task === this.refresh) {
      this.refresh = undefined;
      this.target.refreshDue();
    } else if (task === this.expiry) {
      this.expiry = undefined;
      this.target.expiryDue();
    }
  }
}
