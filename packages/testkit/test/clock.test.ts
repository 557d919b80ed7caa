import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../src/index.js';

describe('createFakeClock', () => {
  it('advances time and fires due timers in order, never backwards', () => {
    const clock = createFakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 150);
    clock.clearTimeout(cancelled);
    clock.advance(150);
    expect(fired).toEqual(['a@1100']);
    expect(clock.now()).toBe(1150);
    clock.set(5000);
    expect(fired).toEqual(['a@1100', 'b@1200']);
    expect(clock.pendingTimers()).toBe(0);
    expect(() => clock.set(10)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
