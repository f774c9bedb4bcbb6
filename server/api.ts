/**
 * The service a host gets as `app.stockbell`: report events in-process, send notifications,
 * run the daily jobs. Everything a host calls lives on this one decorator.
 */
import type { DigestStats, RunStats } from './delivery/index.ts';
import type { EventOutcome, SendInput } from './contract/index.ts';

export interface EventOptions {
  /** The host's idempotency key: a retried event with the same key notifies nobody again. */
  key?: string;
}

export type { EventOutcome, SendInput, SendRecipients } from './contract/index.ts';

export interface StockbellEvents {
  /** Stock of a part changed: re-evaluate it and every template above it. */
  stockChanged(partId: string, options?: EventOptions): Promise<EventOutcome>;
  /** A part's minimum stock changed: same evaluation as a stock change. */
  minimumChanged(partId: string, options?: EventOptions): Promise<EventOutcome>;
  /** A build order was created: check its BOM and tell who must know. */
  buildCreated(buildId: string, options?: EventOptions): Promise<EventOutcome>;
  /** A build order was completed: its shortage alert, if open, is resolved. */
  buildCompleted(buildId: string, options?: EventOptions): Promise<EventOutcome>;
  /** A build order was cancelled: its shortage alert, if open, is resolved. */
  buildCancelled(buildId: string, options?: EventOptions): Promise<EventOutcome>;
}

export interface StockbellService {
  events: StockbellEvents;
  send(input: SendInput): Promise<EventOutcome>;
  jobs: {
    /** Delete notifications older than `retentionDays`; returns how many rows went. */
    retention(): Promise<number>;
    /** Bring back snoozed notifications whose time has come (the periodic check does this by itself); returns how many. */
    snoozes(): Promise<number>;
  };
  delivery: {
    /** Sends every delivery job due now (the worker does this by itself; tests drive it with their clock). */
    runOnce(): Promise<RunStats>;
    /** One digest pass: users whose digest hour has come get their digest job. */
    runDigests(): Promise<DigestStats>;
  };
  /**
   * Closes every live socket of this user, on every instance (close code 4001, which the widgets
   * do not retry on their own). Call it from the host's logout: an open socket outlives the
   * session cookie, since it was authenticated once, at the upgrade.
   */
  disconnect(userId: string): Promise<void>;
  /** The route prefix the plugin mounted its API under. */
  prefix: string;
}
