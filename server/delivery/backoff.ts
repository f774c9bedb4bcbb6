/**
 * When to try again: exponential backoff with a floor. Attempt n waits between 0.8 and 1.2 times
 * min(cap, base × 2^(n-1)) (never more than the cap), so many jobs failing at once do not all come
 * back at once, and no wait is ever short: "full jitter from 0" spent twelve attempts in minutes.
 * With the defaults (16 attempts, 30 s, 6 h) a job is tried for 31 to 40 hours before it is dead
 * (`retryHorizon`). Never sooner than the channel's Retry-After (itself capped, so one answer cannot
 * park a job for days).
 */

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Each wait is at least this share of its step, and at most 1 + (1 − FLOOR) of it. */
export const JITTER_FLOOR = 0.8;

const step = (attempt: number, policy: BackoffPolicy) =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));

/** `attempt` is the attempt that just failed, from 1. At least 1 ms, so a retry is never "now". */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const factor = JITTER_FLOOR + 2 * (1 - JITTER_FLOOR) * random();
  return Math.max(1, Math.floor(Math.min(policy.maxDelayMs, step(attempt, policy) * factor)));
}

export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: BackoffPolicy, random: () => number): number {
  const jittered = backoffDelay(attempt, policy, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return jittered;
  return Math.max(jittered, Math.min(policy.maxDelayMs, Math.ceil(retryAfterMs)));
}

/** How long a job that fails every time is tried before it is dead: the shortest and longest case. */
export function retryHorizon(policy: BackoffPolicy & { maxAttempts: number }): { minMs: number; maxMs: number } {
  let minMs = 0;
  let maxMs = 0;
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
    minMs += Math.floor(Math.min(policy.maxDelayMs, step(attempt, policy) * JITTER_FLOOR));
    maxMs += Math.floor(Math.min(policy.maxDelayMs, step(attempt, policy) * (2 - JITTER_FLOOR)));
  }
  return { minMs, maxMs };
}
