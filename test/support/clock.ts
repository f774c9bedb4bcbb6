/** A clock tests move by hand. */
import type { Clock } from '../../server/clock.ts';

export interface TestClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2026-11-23T08:00:00Z'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (date) => { now = new Date(date).getTime(); },
    advance: (ms) => { now += ms; },
  };
}
