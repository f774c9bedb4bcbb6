/**
 * Stockbell: notifications for an inventory host, as one Fastify plugin.
 *
 *   await app.register(websocket);                 // the host's own @fastify/websocket
 *   await app.register(stockbell, { host, database: './data/stockbell.sqlite' });
 *   await app.stockbell.events.stockChanged('42', { key: 'stock-move-981' });
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { adminRoutes } from './admin/index.ts';
import type { StockbellService } from './api.ts';
import type { Context } from './context.ts';
import { createDelivery } from './delivery/index.ts';
import { runRetention, scheduleRetention } from './delivery/retention.ts';
import { createEvents } from './events/index.ts';
import { eventRoutes } from './events/events.routes.ts';
import { assetRoutes } from './http/assets.ts';
import { requireUser } from './http/auth.ts';
import { errorHandler } from './http/error-handler.ts';
import { openApi } from './http/openapi.ts';
import { schemaErrorFormatter, validatorCompiler } from './http/validation.ts';
import { notificationRoutes } from './inbox/notifications.routes.ts';
import { rememberContext } from './internals.ts';
import { createLive, socketRoute } from './live/index.ts';
import { resolveOptions, type StockbellOptions } from './options.ts';
import { preferenceRoutes } from './preferences/index.ts';
import { defaultSettings, SettingsStore } from './settings/global-settings.ts';
import { openDriver } from './store/driver.ts';
import { requireMigrated } from './store/migration-check.ts';
import { migrate, openDatabase } from './store/orm.ts';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes.ts';
import { unsubscribeRoutes } from './unsubscribe/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    stockbell: StockbellService;
  }
}

const stockbell: FastifyPluginAsync<StockbellOptions> = async (app, rawOptions) => {
  const options = resolveOptions(rawOptions);
  const orm = await openDatabase(options.database);
  app.addHook('onClose', async () => orm.close());
  if (options.migrate) await migrate(orm, options.database);
  else await requireMigrated(orm);
  const db = await openDriver(orm, options.database.dialect, options.database.location);
  app.addHook('onClose', async () => db.close());

  const ctx: Context = {
    orm,
    db,
    host: options.host,
    clock: options.clock,
    settings: new SettingsStore(defaultSettings({ retentionDays: options.retentionDays, ...options.initialSettings })),
    options,
    em: () => orm.em.fork() as ReturnType<Context['em']>,
  };
  // Built in the order they depend on each other; an event's steps then name each of them.
  const delivery = createDelivery(ctx, { log: app.log });
  app.addHook('onReady', async () => delivery.start());
  app.addHook('onClose', async () => delivery.close());
  const live = await createLive(app, ctx, options.live);
  const events = createEvents({ ctx, live: live.hub, delivery });
  const service: StockbellService = {
    events: { stockChanged: events.stockChanged, minimumChanged: events.minimumChanged, buildCreated: events.buildCreated },
    send: events.send,
    jobs: { retention: () => runRetention(ctx) },
    delivery: { runOnce: () => delivery.runOnce(), runDigests: () => delivery.runDigests() },
    prefix: options.prefix,
  };
  app.decorate('stockbell', service);
  rememberContext(app, ctx);

  if (options.schedule) {
    const retention = scheduleRetention(ctx, (error) => app.log.error({ err: error }, 'stockbell: retention failed'));
    app.addHook('onClose', async () => retention.stop());
  }

  // Routes live in an encapsulated child: the prefix, validator and error handler stay ours.
  await app.register(async (api) => {
    api.setValidatorCompiler(validatorCompiler);
    api.setSchemaErrorFormatter(schemaErrorFormatter);
    api.setErrorHandler(errorHandler);
    await openApi(api); // first: it documents the routes registered after it
    await api.register(eventRoutes, { ctx, events });
    await api.register(assetRoutes);
    await api.register(unsubscribeRoutes, { ctx });
    await api.register(socketRoute, { ctx, registry: live.registry });
    await api.register(async (userApi) => {
      userApi.addHook('preHandler', requireUser(ctx));
      await userApi.register(notificationRoutes, { ctx, changed: (change) => live.hub.changed(change) });
      await userApi.register(subscriptionRoutes, { ctx });
      await userApi.register(preferenceRoutes, { ctx });
      await userApi.register(adminRoutes, { ctx, send: events.send, wake: delivery.wake });
    });
  }, { prefix: options.prefix });
};

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
  HostRole,
  HostUser,
  InventoryHost,
  Target,
  TargetKind,
} from './host.ts';
export type { StockbellOptions } from './options.ts';
/** Deprecated, kept for one release: the old `X-Stockbell-Signature`. Receivers verify with `standardwebhooks`. */
export { signWebhook, verifyWebhook } from './channels/index.ts';
