/** Host events in, notifications out: the in-process API (`app.stockbell.events`) and send. */
import type { StockbellEvents } from '../api.ts';
import type { Context } from '../context.ts';
import { buildCreated } from './build-created.ts';
import { eventKey } from './commit.ts';
import { stockChanged } from './stock-changed.ts';

export { send } from './send.ts';

export function createEvents(ctx: Context): StockbellEvents {
  return {
    stockChanged: (partId, options) =>
      stockChanged(ctx, 'stockChanged', String(partId), eventKey(options?.key, 'stock', String(partId))),
    minimumChanged: (partId, options) =>
      stockChanged(ctx, 'minimumChanged', String(partId), eventKey(options?.key, 'minimum', String(partId))),
    buildCreated: (buildId, options) =>
      buildCreated(ctx, String(buildId), eventKey(options?.key, 'build', String(buildId))),
  };
}
