/**
 * The live hub's memory for catching up after lost signals (server/live/catch-up.ts), on an injected
 * clock: where a catch-up starts reading, and that no event is pushed twice.
 */
import { describe, expect, it } from 'vitest';
import { CatchUp, GRACE_MS } from '../server/live/catch-up.ts';

const S = 1_000;

function at(start = 0) {
  let now = start;
  return { now: () => now, set: (ms: number) => { now = ms; } };
}

describe('catching up after lost signals', () => {
  it('takes each event once, whichever of the signal and the catch-up comes first', () => {
    const catchUp = new CatchUp(0);
    expect(catchUp.take(7)).toBe(true);
    expect(catchUp.take(7)).toBe(false);
    catchUp.pushed(7, 42);
    expect(catchUp.take(7)).toBe(false);
  });

  it('reads from the highest id pushed a grace period before the loss, for transactions that committed late', () => {
    const clock = at(1_000 * S);
    const catchUp = new CatchUp(5, clock.now);
    clock.set(1_100 * S);
    catchUp.take(1);
    catchUp.pushed(1, 10);
    clock.set(1_150 * S);
    catchUp.take(2);
    catchUp.pushed(2, 20);
    clock.set(1_200 * S);
    catchUp.take(3);
    catchUp.pushed(3, 30);
    // Lost at 1,200 s: a transaction that began after 1,139 s (the loss − grace − a second) may have
    // committed rows with ids below 20 while the connection was down; one that began by 1,100 s, no.
    clock.set(1_200 * S + 500);
    catchUp.lost();
    clock.set(1_260 * S);
    expect(catchUp.resume()).toBe(10);
    // The events pushed since are still known: the catch-up will not push them again.
    expect(catchUp.take(2)).toBe(false);
    expect(catchUp.take(3)).toBe(false);
  });

  it('starts from the highest id at boot when the loss comes early', () => {
    const clock = at(0);
    const catchUp = new CatchUp(99, clock.now);
    clock.set(2 * S);
    catchUp.take(1);
    catchUp.pushed(1, 120);
    catchUp.lost();
    expect(catchUp.resume()).toBe(99);
  });

  it('forgets events no later catch-up can return, and nothing while signals are lost', () => {
    const clock = at(0);
    const catchUp = new CatchUp(0, clock.now);
    catchUp.take(1);
    catchUp.pushed(1, 10);
    clock.set(30 * S);
    catchUp.lost();
    // This instance's own events are still pushed while it hears no others.
    clock.set(200 * S);
    catchUp.take(2);
    catchUp.pushed(2, 20);
    expect(catchUp.take(1)).toBe(false);
    expect(catchUp.resume()).toBe(0);
    clock.set(200 * S + GRACE_MS + 2 * S);
    catchUp.take(3);
    catchUp.pushed(3, 30);
    // No catch-up from now on can start below 20: events 1 and 2 are forgotten, 3 is not.
    expect(catchUp.take(1)).toBe(true);
    expect(catchUp.take(2)).toBe(true);
    expect(catchUp.take(3)).toBe(false);
  });
});
