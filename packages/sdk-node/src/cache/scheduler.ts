import { unrefTimer } from '../resilience/abort.js';
import type { Clock } from '../types.js';

/** Who is told when a task is due; an object rather than a closure, to keep each task small. */
export interface TaskOwner {
  due(task: ScheduledTask): void;
}

/** A scheduled call; cancelling marks it and the heap drops it when it surfaces. */
export interface ScheduledTask {
  readonly at: number;
  readonly owner: TaskOwner;
  cancelled: boolean;
}

/**
 * One clock timer for all holders of a client: tasks sit in a binary min-heap by due time and a
 * single unref'ed timer is armed for the earliest. A Node timer costs ~350 bytes, so with
 * thousands of secrets the cache would otherwise spend more on timers than on values.
 */
export class Scheduler {
  private heap: ScheduledTask[] = [];
  private handle: unknown;
  private armedAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  schedule(ms: number, owner: TaskOwner): ScheduledTask {
    const task: ScheduledTask = { at: this.clock.now() + Math.max(0, ms), owner, cancelled: false };
    this.heap.push(task);
    this.up(this.heap.length - 1);
    this.arm();
    return task;
  }

  cancel(task: ScheduledTask): void {
    task.cancelled = true;
  }

  /** Drops every task and the timer (client close). */
  stop(): void {
    this.disarm();
    this.heap = [];
  }

  private fire(): void {
    this.handle = this.armedAt = undefined;
    const now = this.clock.now();
    while (this.heap.length > 0 && this.heap[0]!.at <= now) {
      const task = this.pop();
      if (!task.cancelled) task.owner.due(task);
    }
    this.arm();
  }

  private arm(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    const next = this.heap[0];
    if (next === undefined) {
      this.disarm();
      return;
    }
    if (this.armedAt === next.at) return;
    this.disarm();
    this.armedAt = next.at;
    this.handle = unrefTimer(this.clock, () => this.fire(), Math.max(0, next.at - this.clock.now()));
  }

  private disarm(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = this.armedAt = undefined;
  }

  private pop(): ScheduledTask {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
      if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
}
