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
import { answerHeaderOverflow, parseJsonBody } from './http/body.ts';
import { errorHandler } from './http/error-handler.ts';
import { type Authentication, guardRequest } from './http/guard.ts';
import { type LimitClass, rateLimits } from './http/rate-limits.ts';
import { openApi } from './http/openapi.ts';
import { schemaErrorFormatter, validatorCompiler } from './http/validation.ts';
import { notificationRoutes } from './inbox/notifications.routes.ts';
import { returnSnoozes, scheduleSnoozeReturns } from './inbox/snooze-return.ts';
import { rememberContext } from './internals.ts';
import { createLive, type LiveSignal, openBroadcaster, socketRoute } from './live/index.ts';
import { resolveOptions, type StockbellOptions } from './options.ts';
import { preferenceRoutes } from './preferences/index.ts';
import { defaultSettings, SettingsStore } from './settings/global-settings.ts';
import { openDriver } from './store/driver.ts';
import { requireMigrated } from './store/migration-check.ts';
import { migrate, openDatabase } from './store/orm.ts';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes.ts';
import { traceRoutes } from './trace/index.ts';
import { unsubscribeRoutes } from './unsubscribe/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    stockbell: StockbellService;
  }
  interface FastifyContextConfig {
    /** How the route knows its caller (http/guard.ts); the session when not said. */
    authentication?: Authentication;
    /** Which rate-limit budget a change spends (http/rate-limits.ts); `writes` when not said. */
    limit?: LimitClass;
  }
}

const stockbell: FastifyPluginAsync<StockbellOptions> = async (app, rawOptions) => {
  const options = resolveOptions(rawOptions);
  const orm = await openDatabase(options.database);
  app.addHook('onClose', async () => orm.close());
  if (options.migrate) await migrate(orm, options.database);
  else await requireMigrated(orm);
  const db = await openDriver(orm, options.database.dialect, options.database.location, (error) => app.log.error({ err: error }, 'stockbell: database upkeep failed'));
  app.addHook('onClose', async () => db.close());

  const ctx: Context = {
    orm,
    db,
    host: options.host,
    clock: options.clock,
    settings: new SettingsStore(defaultSettings({ retentionDays: options.retentionDays, ...options.initialSettings }), options.clock),
    options,
    em: () => orm.em.fork() as ReturnType<Context['em']>,
  };
  // Built in the order they depend on each other; an event's steps then name each of them.
  // Signals reach every instance, this one included (LISTEN/NOTIFY on PostgreSQL).
  const signalFailed = (error: unknown) => app.log.error({ err: error }, 'stockbell: live signal failed');
  const signals = await openBroadcaster(ctx, options.live, signalFailed);
  app.addHook('onClose', async () => signals.close());
  const publish = (signal: LiveSignal) => void Promise.resolve(signals.publish(signal)).catch(signalFailed);
  const delivery = createDelivery(ctx, { log: app.log, announce: () => publish({ type: 'jobs' }) });
  app.addHook('onReady', async () => delivery.start());
  app.addHook('onClose', async () => delivery.close());
  const live = await createLive(app, ctx, signals, options.live);
  // What the live hub does not handle itself: jobs written anywhere wake this process's worker, and
  // settings changed anywhere are read again here; after signals were lost, both, to be sure.
  signals.onSignal((signal) => {
    if (signal.type === 'jobs' || signal.type === 'resync') delivery.wakeHere();
    if (signal.type === 'settings' || signal.type === 'resync') ctx.settings.invalidate();
  });
  const events = createEvents({ ctx, live: live.hub, delivery });
  const returned = (rows: Parameters<typeof live.hub.returned>[0]) => live.hub.returned(rows);
  const { stockChanged, minimumChanged, buildCreated, buildCompleted, buildCancelled } = events;
  const service: StockbellService = {
    events: { stockChanged, minimumChanged, buildCreated, buildCompleted, buildCancelled },
    send: events.send,
    jobs: {
      async retention() {
        const deleted = await runRetention(ctx);
        if (deleted > 0) publish({ type: 'recount' });
        return deleted;
      },
      snoozes: () => returnSnoozes(ctx, returned),
    },
    delivery: { runOnce: () => delivery.runOnce(), runDigests: () => delivery.runDigests() },
    disconnect: (userId) => live.hub.signedOut(userId),
    prefix: options.prefix,
  };
  app.decorate('stockbell', service);
  rememberContext(app, ctx);

  if (options.schedule) {
    const retention = scheduleRetention(ctx, () => publish({ type: 'recount' }), (error) => app.log.error({ err: error }, 'stockbell: retention failed'));
    app.addHook('onClose', async () => retention.stop());
    const snoozes = scheduleSnoozeReturns(ctx, returned, (error) => app.log.error({ err: error }, 'stockbell: snooze check failed'));
    app.addHook('onClose', async () => snoozes.stop());
  }

  // Routes live in an encapsulated child: the prefix, validator and error handler stay ours.
  await app.register(async (api) => {
    api.setValidatorCompiler(validatorCompiler);
    api.setSchemaErrorFormatter(schemaErrorFormatter);
    api.setErrorHandler(errorHandler);
    await openApi(api); // first: it documents the routes registered after it
    api.removeContentTypeParser('application/json');
    api.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
    // Who is calling, before anything about the input; changes same-site and JSON only.
    api.addHook('onRequest', guardRequest(ctx));
    await rateLimits(api, options.rateLimit);
    await api.register(eventRoutes, { ctx, events });
    await api.register(assetRoutes);
    await api.register(unsubscribeRoutes, { ctx });
    await api.register(socketRoute, { ctx, registry: live.registry, hub: live.hub });
    await api.register(notificationRoutes, { ctx, changed: (change) => live.hub.changed(change) });
    await api.register(subscriptionRoutes, { ctx });
    await api.register(preferenceRoutes, { ctx });
    await api.register(adminRoutes, { ctx, send: events.send, wake: delivery.wake, breakers: delivery.breakers, settingsChanged: () => publish({ type: 'settings' }) });
    await api.register(traceRoutes, { ctx });
  }, { prefix: options.prefix });
  const stopAnswering = answerHeaderOverflow(app.server, options.prefix);
  app.addHook('onClose', async () => stopAnswering());
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
