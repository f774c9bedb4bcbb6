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
}

export interface StockbellService {
  events: StockbellEvents;
  send(input: SendInput): Promise<EventOutcome>;
  jobs: {
    /** Delete notifications older than `retentionDays`; returns how many rows went. */
    retention(): Promise<number>;
  };
  delivery: {
    /** Sends every delivery job due now (the worker does this by itself; tests drive it with their clock). */
    runOnce(): Promise<RunStats>;
    /** One digest pass: users whose digest hour has come get their digest job. */
    runDigests(): Promise<DigestStats>;
  };
  /** The route prefix the plugin mounted its API under. */
  prefix: string;
}
