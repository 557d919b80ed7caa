import { unrefTimer } from '../resilience/abort.js';
import type { Clock } from '../types.js';

/** The two timers of a holder — next refresh and value expiry — each re-armed by replacing it. */
export class HolderTimers {
  private readonly handles: Record<'refresh' | 'expiry', unknown> = { refresh: undefined, expiry: undefined };

  constructor(private readonly clock: Clock) {}

  set(kind: 'refresh' | 'expiry', ms: number, fn: () => void): void {
    this.clear(kind);
    this.handles[kind] = unrefTimer(this.clock, fn, ms);
  }

  stop(): void {
    this.clear('refresh');
    this.clear('expiry');
  }

  private clear(kind: 'refresh' | 'expiry'): void {
    if (this.handles[kind] !== undefined) this.clock.clearTimeout(this.handles[kind]);
    this.handles[kind] = undefined;
  }
}
