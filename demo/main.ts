/**
 * Starts the demo host: `node demo/main.ts` (after `npm run build`, since `stockbell` resolves to dist/).
 * PORT (3000), HOST (127.0.0.1), DATA_DIR (./.demo-data), PUBLIC_URL (http://HOST:PORT), SMTP_URL (optional:
 * without it mail is written to the log), STOCKBELL_ALLOW_LOOPBACK_ENDPOINTS=1 (chat/webhook endpoints on 127.0.0.1),
 * STOCKBELL_RATE_LIMIT=off (no per-user rate limits: for benchmarks, which measure the code, not the limiter).
 * DATABASE_URL (postgres://…, optional) puts everything in that PostgreSQL instead of DATA_DIR, in
 * DATABASE_SCHEMA if given: start several processes on different PORTs and they are one host.
 */
import { buildDemo } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? './.demo-data';
const smtpUrl = process.env.SMTP_URL;
const databaseUrl = process.env.DATABASE_URL || undefined;
const databaseSchema = process.env.DATABASE_SCHEMA || undefined;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
const publicUrl = process.env.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

const allowLoopbackEndpoints = process.env.STOCKBELL_ALLOW_LOOPBACK_ENDPOINTS === '1';
const rateLimitOff = process.env.STOCKBELL_RATE_LIMIT === 'off';
const app = await buildDemo({
  dataDir,
  ...(databaseUrl ? { databaseUrl } : {}),
  ...(databaseSchema ? { databaseSchema } : {}),
  logger: true,
  publicUrl,
  allowLoopbackEndpoints,
  rateLimitOff,
  ...(smtpUrl ? { smtpUrl } : {}),
});
const dataAt = databaseUrl ? `PostgreSQL${databaseSchema ? `, schema ${databaseSchema}` : ''}` : dataDir;

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'closing failed');
        process.exit(1);
      },
    );
  });
}

try {
  const address = await app.listen({ port, host });
  app.log.info(`Stockbell demo on ${address} (data in ${dataAt}); sign in at ${address}/login`);
} catch (error) {
  app.log.error({ err: error }, 'could not start');
  await app.close();
  process.exit(1);
}
