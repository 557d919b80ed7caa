import { describe, expect, it } from 'vitest';
import { type ScheduledTask, Scheduler } from '../src/cache/scheduler.js';
import { FakeClock, seededRandom } from './helpers/fake-clock.js';

describe('Scheduler', () => {
  it('runs tasks in due order with a single clock timer, skipping cancelled ones', async () => {
    const clock = new FakeClock();
    const scheduler = new Scheduler(clock);
    const ran: number[] = [];
    const random = seededRandom(9);
    const tasks = new Map<ScheduledTask, number>();
    const owner = { due: (task: ScheduledTask) => ran.push(tasks.get(task)!) };
    const delays = Array.from({ length: 200 }, () => Math.floor(random() * 10_000));
    for (const [i, ms] of delays.entries()) tasks.set(scheduler.schedule(ms, owner), i);
    expect(clock.pending).toBe(1);
    const cancelled = [...tasks.keys()].filter((_, i) => i % 3 === 0);
    for (const task of cancelled) scheduler.cancel(task);
    await clock.advance(10_000);
    const expected = delays
      .map((ms, i) => ({ ms, i }))
      .filter(({ i }) => i % 3 !== 0)
      .sort((a, b) => a.ms - b.ms || 0)
      .map(({ ms }) => ms);
    expect(ran.map((i) => delays[i])).toEqual(expected);
    expect(clock.pending).toBe(0);
  });

  it('re-arms for a task scheduled earlier than the armed one, and stop() clears the timer', async () => {
    const clock = new FakeClock();
    const scheduler = new Scheduler(clock);
    const ran: string[] = [];
    scheduler.schedule(5_000, { due: () => ran.push('late') });
    scheduler.schedule(1_000, { due: () => ran.push('early') });
    expect(clock.dueIn()).toEqual([1_000]);
    await clock.advance(1_000);
    expect(ran).toEqual(['early']);
    expect(clock.dueIn()).toEqual([4_000]);
    scheduler.stop();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(ran).toEqual(['early']);
  });
});
