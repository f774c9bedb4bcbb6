/**
 * When to try again: exponential backoff with full jitter (a random wait between 0 and
 * min(cap, base × 2^(attempt-1))), so many jobs failing at once do not all come back at once;
 * and never sooner than the channel's Retry-After (itself capped, so one answer cannot park a job
 * for days).
 */

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** `attempt` is the attempt that just failed, from 1. At least 1 ms, so a retry is never "now". */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.max(1, Math.floor(random() * ceiling));
}

export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: BackoffPolicy, random: () => number): number {
  const jittered = backoffDelay(attempt, policy, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return jittered;
  return Math.max(jittered, Math.min(policy.maxDelayMs, Math.ceil(retryAfterMs)));
}
