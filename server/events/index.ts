/**
 * Host events in, notifications out: the in-process API (`app.stockbell.events`) and the send API.
 * Each call names its event and how it decides; events/run-event.ts runs every one the same way.
 */
import type { SendInput, StockbellEvents } from '../api.ts';
import type { EventOutcome } from '../contract/index.ts';
import { decideBuildCreated } from './build-created.ts';
import { type EventDeps, eventKey, runEvent } from './run-event.ts';
import { sendEvent } from './send.ts';
import { buildResolution, decideStockChange } from './stock-changed.ts';

export type { EventDeps } from './run-event.ts';

export interface Events extends StockbellEvents {
  send(input: SendInput): Promise<EventOutcome>;
}

export function createEvents(deps: EventDeps): Events {
  const { ctx } = deps;
  const stock = (type: 'stockChanged' | 'minimumChanged', prefix: string) => (partId: string, options?: { key?: string }) => {
    const id = String(partId);
    return runEvent(deps, {
      key: eventKey(options?.key, prefix, id),
      type,
      payload: { partId: id },
      decide: (settings) => decideStockChange(ctx, id, settings),
    });
  };
  return {
    stockChanged: stock('stockChanged', 'stock'),
    minimumChanged: stock('minimumChanged', 'minimum'),
    buildCreated(buildId, options) {
      const id = String(buildId);
      return runEvent(deps, {
        key: eventKey(options?.key, 'build', id),
        type: 'buildCreated',
        payload: { buildId: id },
        decide: (settings) => decideBuildCreated(ctx, id, settings),
      });
    },
    buildCompleted: finished('buildCompleted', 'completed'),
    buildCancelled: finished('buildCancelled', 'cancelled'),
    send: async (input) => runEvent(deps, sendEvent(ctx, input)),
  };

  /** A build order is done with: its shortage alert (if any) resolves. The host is not asked. */
  function finished(type: 'buildCompleted' | 'buildCancelled', reason: 'completed' | 'cancelled') {
    return (buildId: string, options?: { key?: string }) => {
      const id = String(buildId);
      return runEvent(deps, {
        key: eventKey(options?.key, type === 'buildCompleted' ? 'build-completed' : 'build-cancelled', id),
        type,
        payload: { buildId: id },
        decide: async () => ({ drafts: [], resolutions: [buildResolution(id, reason)] }),
      });
    };
  }
}
