/**
 * bench/digest — the daily digest for 10,000 users, each with a few notifications, end to end:
 * one digest pass (due users, their notifications, one job each, in batched transactions) and the
 * worker sending every digest (claim, load, render HTML + text, SMTP) to a real SMTP server on
 * loopback; against a raw baseline in the same run: nodemailer sending the same messages (rendered
 * beforehand) over a pooled connection with as many connections as the worker uses.
 *
 *   npm run bench:digest         (USERS=10000 PER_USER=3; PostgreSQL from STOCKBELL_BENCH_PG, "off" skips it)
 */
import { createTransport, type SendMailOptions } from 'nodemailer';
import { renderDigest, toOutgoingMessage } from '../server/channels/index.ts';
import { contextOf } from '../server/internals.ts';
import { MemoryHost } from '../test/support/memory-host.ts';
import { rate, smtpCounter, startStockbell, type Target, targets } from './delivery-support.ts';

const USERS = Number(process.env.USERS ?? 10_000);
const PER_USER = Number(process.env.PER_USER ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

function buildHost(): MemoryHost {
  const host = new MemoryHost();
  for (let i = 0; i < USERS; i++) host.addUser(`u${i}`, { name: `User ${i}`, roles: ['staff'], timeZone: 'UTC' });
  return host;
}

async function run(target: Target) {
  const smtp = await smtpCounter();
  const host = buildHost();
  const { app, clock } = await startStockbell(target, host, {
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
    publicUrl: 'https://inventory.example.com',
    delivery: { worker: false, concurrency: CONCURRENCY },
  });
  const ctx = contextOf(app);
  // Everyone in digest mode at 08:00 UTC, set straight in the table (10,000 PATCHes are not the point).
  await ctx.em().transactional(async (tx) => {
    for (let start = 0; start < USERS; start += 1_000) {
      const ids = Array.from({ length: Math.min(1_000, USERS - start) }, (_, i) => `u${start + i}`);
      await tx.execute(
        `insert into stockbell_user_settings (user_id, email_mode, digest_hour, time_zone, digest_after_id, updated_at)
         values ${ids.map(() => "(?, 'digest', 8, 'UTC', 0, ?)").join(', ')}`,
        ids.flatMap((id) => [id, clock.now()]),
      );
    }
  });
  for (let i = 0; i < PER_USER; i++) {
    await app.stockbell.send({ to: { role: 'staff' }, subject: `Stocktake round ${i + 1}`, body: 'Count <aisle 4> before noon & report.', link: `/stocktake/${i}` });
    clock.advance(60_000);
  }

  clock.set('2026-11-23T08:00:00Z');
  const started = performance.now();
  const planned = await app.stockbell.delivery.runDigests();
  const plannedMs = performance.now() - started;
  const stats = await app.stockbell.delivery.runOnce();
  await smtp.waitFor(USERS);
  const stockbellMs = performance.now() - started;
  if (planned.planned !== USERS || stats.sent !== USERS) throw new Error(`planned ${planned.planned}, sent ${stats.sent} of ${USERS}`);

  // The same messages, rendered beforehand (not timed), through raw pooled nodemailer.
  const mails: SendMailOptions[] = [];
  for (let u = 0; u < USERS; u++) {
    const recipient = { id: `u${u}`, name: `User ${u}`, email: `u${u}@example.test` };
    const messages = Array.from({ length: PER_USER }, (_, i) =>
      toOutgoingMessage(
        { id: u * PER_USER + i, kind: 'message', data: { subject: `Stocktake round ${i + 1}`, body: 'Count <aisle 4> before noon & report.', link: `/stocktake/${i}` }, reason: { type: 'role-message', role: 'staff' }, createdAt: clock.now(), targetKind: null, targetId: null },
        { deliveryId: `raw.${u}.${i}`, recipient, publicUrl: 'https://inventory.example.com' },
      ),
    );
    const mail = renderDigest(recipient, messages, { clock, timeZone: 'UTC', from: '"Stockbell" <stockbell@localhost>' });
    if (mail) mails.push(mail);
  }
  smtp.reset();
  const raw = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONCURRENCY });
  const rawStarted = performance.now();
  await Promise.all(mails.map((mail) => raw.sendMail(mail)));
  await smtp.waitFor(USERS);
  const rawMs = performance.now() - rawStarted;
  raw.close();

  await app.close();
  await smtp.close();
  return { plannedMs, stockbellMs, rawMs };
}

console.log(`bench/digest: daily digest for ${USERS.toLocaleString('en')} users × ${PER_USER} notifications, ${CONCURRENCY} SMTP connections, real SMTP server on loopback`);
console.log('| database | digest pass (plan 10k jobs) | Stockbell: plan + send all | rate | raw pooled nodemailer | rate | ratio (goal ≥ 0.5×) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const target of await targets()) {
  try {
    const { plannedMs, stockbellMs, rawMs } = await run(target);
    console.log(
      `| ${target.name} | ${plannedMs.toFixed(0)} ms | ${stockbellMs.toFixed(0)} ms | ${rate(USERS, stockbellMs)} | ${rawMs.toFixed(0)} ms | ${rate(USERS, rawMs)} | ${(rawMs / stockbellMs).toFixed(2)}× |`,
    );
  } finally {
    await target.cleanup();
  }
}
