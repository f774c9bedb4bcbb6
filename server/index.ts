/**
 * Stockbell: notifications for an inventory host, as one Fastify plugin.
 *
 *   await app.register(websocket);                 // the host's own @fastify/websocket
 *   await app.register(stockbell, { host, database: './data/stockbell.sqlite' });
 *   await app.stockbell.events.stockChanged('42', { key: 'stock-move-981' });
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { adminRoutes } from './admin/index.ts';
import type { StockbellService } from './api.ts';
import type { Context } from './context.ts';
import { createDelivery } from './delivery/index.ts';
import { runRetention, scheduleDaily } from './delivery/retention.ts';
import { createEvents, send } from './events/index.ts';
import { eventRoutes } from './events/events.routes.ts';
import { assetRoutes } from './http/assets.routes.ts';
import { requireUser } from './http/auth.ts';
import { errorHandler } from './http/error-handler.ts';
import { schemaErrorFormatter, validatorCompiler } from './http/validation.ts';
import { notificationRoutes } from './inbox/notifications.routes.ts';
import { InboxBus, registerLive } from './live/index.ts';
import { resolveOptions, type StockbellOptions } from './options.ts';
import { preferenceRoutes } from './preferences/index.ts';
import { defaultSettings, SettingsStore } from './settings/global-settings.ts';
import { migrate, openDatabase } from './store/orm.ts';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    stockbell: StockbellService;
  }
}

const CONTEXT = Symbol('stockbell.context');

const stockbell: FastifyPluginAsync<StockbellOptions> = async (app, rawOptions) => {
  const options = resolveOptions(rawOptions);
  const orm = await openDatabase(options.database);
  app.addHook('onClose', async () => orm.close());
  if (options.migrate) await migrate(orm, options.database);

  const ctx: Context = {
    orm,
    host: options.host,
    clock: options.clock,
    bus: new InboxBus(),
    settings: new SettingsStore(defaultSettings({ retentionDays: options.retentionDays, ...options.initialSettings })),
    options,
    em: () => orm.em.fork() as ReturnType<Context['em']>,
  };
  // Delivery jobs are planned inside each event's transaction and sent once it has committed.
  const delivery = createDelivery(ctx, { log: app.log });
  ctx.onRowsWritten = delivery.plan;
  ctx.bus.on('created', () => delivery.wake());
  app.addHook('onReady', async () => delivery.start());
  app.addHook('onClose', async () => delivery.close());
  const events = createEvents(ctx);
  const service: StockbellService = {
    events,
    send: (input) => send(ctx, input),
    jobs: { retention: () => runRetention(ctx) },
    delivery: { runOnce: () => delivery.runOnce(), runDigests: () => delivery.runDigests() },
    prefix: options.prefix,
  };
  app.decorate('stockbell', service);
  app.decorate(CONTEXT, { getter: () => ctx });

  if (options.schedule) {
    const stop = scheduleDaily(() => runRetention(ctx), (error) => app.log.error({ err: error }, 'stockbell: retention failed'));
    app.addHook('onClose', async () => stop());
  }

  // Routes live in an encapsulated child: the prefix, validator and error handler stay ours.
  await app.register(async (api) => {
    api.setValidatorCompiler(validatorCompiler);
    api.setSchemaErrorFormatter(schemaErrorFormatter);
    api.setErrorHandler(errorHandler);
    await api.register(eventRoutes, { ctx, events });
    await api.register(assetRoutes);
    await registerLive(app, api, ctx, options.live);
    await api.register(async (userApi) => {
      userApi.addHook('preHandler', requireUser(ctx));
      await userApi.register(notificationRoutes, { ctx });
      await userApi.register(subscriptionRoutes, { ctx });
      await userApi.register(preferenceRoutes, { ctx });
      await userApi.register(adminRoutes, { ctx, wake: () => delivery.wake() });
    });
  }, { prefix: options.prefix });
};

/** For tests and sibling modules of this package: the internals behind `app.stockbell`. */
export function contextOf(app: FastifyInstance): Context {
  return (app as unknown as Record<symbol, Context>)[CONTEXT] as Context;
}

export default fp(stockbell, {
  name: 'stockbell',
  fastify: '5.x',
  // The host registers its own @fastify/websocket (one upgrade handler per server); we use it.
  dependencies: ['@fastify/websocket'],
});
export type { EventOptions, EventOutcome, SendInput, SendRecipients, StockbellEvents, StockbellService } from './api.ts';
export type { Clock } from './clock.ts';
export type { Broadcaster, LiveSignal } from './live/broadcaster.ts';
export type {
  AuthenticatedUser,
  BomLine,
  HostBuild,
  HostCategory,
  HostPart,
  HostUser,
  InventoryHost,
  Target,
  TargetKind,
} from './host.ts';
export type { StockbellOptions } from './options.ts';
/** For webhook receivers: check `X-Stockbell-Signature` the way Stockbell signs it. */
export { signWebhook, verifyWebhook } from './channels/index.ts';
