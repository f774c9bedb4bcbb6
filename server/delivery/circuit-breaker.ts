/**
 * A small circuit breaker per destination: the email channel (one SMTP server for everyone) and
 * each chat or webhook endpoint. When a destination fails `pauseAfterFailures` times in a row
 * (retryable failures: it is down, not refusing one message), it is **paused**: its jobs are given
 * back untried (no attempt spent) until the next probe, when one job goes as a probe. Success
 * closes the breaker and the jobs waiting on the probe go at once; another failure doubles the
 * pause (up to `maxPauseMs`). So an hour of SMTP outage costs each job at most the one attempt it
 * made before the breaker opened, and a probe every few minutes, instead of every job's attempts.
 *
 * A non-retryable failure (550, HTTP 400) means the destination answered: it counts as alive.
 * State lives in this process (each instance probes for itself) and is shown to admins in the
 * delivery log (`GET /admin/deliveries` → `paused`).
 */
import type { Clock } from '../clock.ts';

export interface BreakerPolicy {
  pauseAfterFailures: number;
  pauseMs: number;
  maxPauseMs: number;
}

/** A destination: `email`, or `endpoint:<id>`. */
export type BreakerKey = string;

export function breakerKey(job: { channel: string; endpointId: number | null }): BreakerKey {
  return job.endpointId === null ? job.channel : `endpoint:${job.endpointId}`;
}

export interface PausedDestination {
  channel: string;
  endpointId: number | null;
  /** Retryable failures in a row. */
  failures: number;
  since: Date;
  nextProbeAt: Date;
  lastError: string;
}

/** Send it (normally, or as the probe that decides whether the pause ends), or give it back untried until then. */
export type Admission = { send: true; probe: boolean } | { send: false; until: Date; reason: string };

interface State {
  channel: string;
  failures: number;
  lastError: string;
  /** Set while paused. */
  openUntil: Date | null;
  since: Date | null;
  pauseMs: number;
  /** Resolves when the probe in flight settles: true when it succeeded. */
  probe: Promise<boolean> | null;
  settleProbe: ((ok: boolean) => void) | null;
}

export class CircuitBreakers {
  readonly #policy: BreakerPolicy;
  readonly #clock: Clock;
  readonly #states = new Map<BreakerKey, State>();

  constructor(policy: BreakerPolicy, clock: Clock) {
    this.#policy = policy;
    this.#clock = clock;
  }

  /** Whether a job for this destination may be sent now; waits for a probe in flight. */
  async admit(key: BreakerKey): Promise<Admission> {
    for (;;) {
      const state = this.#states.get(key);
      if (!state?.openUntil) return { send: true, probe: false };
      if (state.probe) {
        await state.probe;
        continue;
      }
      const now = this.#clock.now();
      if (now < state.openUntil) return { send: false, until: state.openUntil, reason: this.#reason(key, state) };
      state.probe = new Promise((resolve) => {
        state.settleProbe = resolve;
      });
      return { send: true, probe: true };
    }
  }

  /** The probe was admitted but not sent (its lease ran short): the next job probes instead. */
  abandonProbe(key: BreakerKey): void {
    const state = this.#states.get(key);
    const settle = state?.settleProbe;
    if (!state || !settle) return;
    state.probe = null;
    state.settleProbe = null;
    settle(false);
  }

  /** What a send that was admitted came to: `ok`, `down` (retryable failure) or `answered` (refused, not down). */
  record(key: BreakerKey, channel: string, outcome: 'ok' | 'down' | 'answered', error = ''): void {
    const state = this.#states.get(key);
    if (outcome !== 'down') {
      if (!state) return;
      this.#states.delete(key);
      state.settleProbe?.(true);
      return;
    }
    const now = this.#clock.now();
    const current = state ?? { channel, failures: 0, lastError: '', openUntil: null, since: null, pauseMs: this.#policy.pauseMs, probe: null, settleProbe: null };
    this.#states.set(key, current);
    current.failures += 1;
    current.lastError = error;
    if (current.probe) {
      // The probe failed: pause again, for longer.
      current.pauseMs = Math.min(this.#policy.maxPauseMs, current.pauseMs * 2);
      current.openUntil = new Date(now.getTime() + current.pauseMs);
      const settle = current.settleProbe;
      current.probe = null;
      current.settleProbe = null;
      settle?.(false);
    } else if (!current.openUntil && current.failures >= this.#policy.pauseAfterFailures) {
      current.since = now;
      current.openUntil = new Date(now.getTime() + current.pauseMs);
    }
  }

  /** An admin retried this destination's jobs: it is tried again now, no pause. */
  resume(filter: { channel?: string | undefined; endpointId?: number | undefined }): void {
    for (const [key, state] of this.#states) {
      const endpointId = key.startsWith('endpoint:') ? Number(key.slice(9)) : null;
      if (filter.channel !== undefined && state.channel !== filter.channel) continue;
      if (filter.endpointId !== undefined && endpointId !== filter.endpointId) continue;
      this.#states.delete(key);
      state.settleProbe?.(true);
    }
  }

  /** Destinations paused now, for the admin log. */
  paused(): PausedDestination[] {
    return [...this.#states.entries()].flatMap(([key, state]) =>
      state.openUntil && state.since
        ? [{
            channel: state.channel,
            endpointId: key.startsWith('endpoint:') ? Number(key.slice(9)) : null,
            failures: state.failures,
            since: state.since,
            nextProbeAt: state.openUntil,
            lastError: state.lastError,
          }]
        : [],
    );
  }

  #reason(key: BreakerKey, state: State): string {
    const what = key.startsWith('endpoint:') ? `${state.channel} endpoint ${key.slice(9)}` : state.channel;
    return `paused: ${what} failed ${state.failures} times in a row (${state.lastError}); next try at ${state.openUntil?.toISOString()}`;
  }
}
