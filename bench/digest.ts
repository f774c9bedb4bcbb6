/**
 * bench/digest — the daily digest for 10,000 users, each with a few notifications, end to end:
 * one digest pass (due users, their notifications, one job each, in batched transactions) and the
 * worker sending every digest (claim, load, render HTML + text, SMTP) to a real SMTP server on
 * loopback; against a raw baseline in the same rounds: pooled nodemailer with as many connections
 * sending the same messages, rendered beforehand. Each round is a new day with new notifications.
 *
 *   npm run bench:digest -- [--users 10000] [--per-user 3] [--concurrency 8] [--rounds 3]
 *   (PostgreSQL from STOCKBELL_BENCH_PG, default local; STOCKBELL_BENCH_PG=off skips it)
 */
import { createTransport, type SendMailOptions } from 'nodemailer';
import { MemoryHost } from '../test/support/memory-host.ts';
import { type Target, targets } from './support/databases.ts';
import { smtpCounter, startStockbell } from './support/delivery.ts';
import { renderDigest, toOutgoingMessage } from './support/internals.ts';
import { commandLine, flag, inRounds, printMachine, progress } from './support/run.ts';
import { legend, ms, perSecond, ratioCell, ratios, spread } from './support/stats.ts';

const USERS = flag('users', 10_000);
const PER_USER = flag('per-user', 3);
const CONCURRENCY = flag('concurrency', 8);
const ROUNDS = flag('rounds', 3);
const log = progress('bench/digest');
const DAY = 86_400_000;

function buildHost(): MemoryHost {
  const host = new MemoryHost();
  for (let i = 0; i < USERS; i++) host.addUser(`u${i}`, { name: `User ${i}`, roles: ['staff'], timeZone: 'UTC' });
  return host;
}

async function run(target: Target) {
  const smtp = await smtpCounter();
  const { app, clock } = await startStockbell(target, buildHost(), {
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
    publicUrl: 'https://inventory.example.com',
    delivery: { worker: false, concurrency: CONCURRENCY },
  });
  // Everyone chooses the digest at 08:00 UTC, as a user does in their settings.
  log(`${target.name}: ${USERS.toLocaleString('en')} users choose the daily digest`);
  for (let i = 0; i < USERS; i++) {
    const reply = await app.inject({ method: 'PATCH', url: `${app.stockbell.prefix}/preferences`, headers: { 'x-user': `u${i}` }, payload: { email: { mode: 'digest', digestHour: 8, timeZone: 'UTC' } } });
    if (reply.statusCode !== 200) throw new Error(`PATCH /preferences: HTTP ${reply.statusCode} ${reply.body}`);
  }
  const raw = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONCURRENCY });
  const planned: number[] = [];
  const subject = (round: number, i: number) => `Stocktake ${round}.${i + 1}`;
  try {
    const results = await inRounds({ rounds: ROUNDS, warmup: 0, log }, {
      async stockbell(round) {
        // Day `round`: new notifications before 08:00 (not timed), then the digest hour.
        clock.set(new Date(Date.parse('2026-11-23T06:00:00Z') + round * DAY));
        for (let i = 0; i < PER_USER; i++) {
          await app.stockbell.send({ to: { role: 'staff' }, subject: subject(round, i), body: 'Count <aisle 4> before noon & report.', link: `/stocktake/${i}` });
          clock.advance(60_000);
        }
        clock.set(new Date(Date.parse('2026-11-23T08:00:00Z') + round * DAY));
        smtp.reset();
        const started = performance.now();
        const pass = await app.stockbell.delivery.runDigests();
        planned.push(performance.now() - started);
        const stats = await app.stockbell.delivery.runOnce();
        await smtp.waitFor(USERS);
        const elapsed = performance.now() - started;
        if (pass.planned !== USERS || stats.sent !== USERS) throw new Error(`planned ${pass.planned}, sent ${stats.sent} of ${USERS}`);
        return elapsed;
      },
      async raw(round) {
        const mails = renderedDigests(clock.now(), round, subject);
        smtp.reset();
        const started = performance.now();
        await Promise.all(mails.map((mail) => raw.sendMail(mail)));
        await smtp.waitFor(USERS);
        return performance.now() - started;
      },
    });
    return { ...results, planned };
  } finally {
    raw.close();
    await app.close();
    await smtp.close();
  }
}

/** The digests Stockbell sends for a round, rendered by its own renderer before the timing starts. */
function renderedDigests(now: Date, round: number, subject: (round: number, i: number) => string): SendMailOptions[] {
  const clock = { now: () => now };
  const mails: SendMailOptions[] = [];
  for (let u = 0; u < USERS; u++) {
    const recipient = { id: `u${u}`, name: `User ${u}`, email: `u${u}@example.test` };
    const messages = Array.from({ length: PER_USER }, (_, i) =>
      toOutgoingMessage(
        { id: u * PER_USER + i, kind: 'message', data: { subject: subject(round, i), body: 'Count <aisle 4> before noon & report.', link: `/stocktake/${i}` }, reason: { type: 'role-message', role: 'staff' }, createdAt: now, targetKind: null, targetId: null },
        { deliveryId: `raw.${round}.${u}.${i}`, recipient, publicUrl: 'https://inventory.example.com' },
      ),
    );
    const mail = renderDigest(recipient, messages, { clock, timeZone: 'UTC', from: '"Stockbell" <stockbell@localhost>' });
    if (mail) mails.push(mail);
  }
  return mails;
}

await printMachine('bench/digest', commandLine());
console.log(`\n#### The daily digest for ${USERS.toLocaleString('en')} users × ${PER_USER} notifications, ${CONCURRENCY} SMTP connections, real SMTP server on loopback\n`);
console.log(`${legend(ROUNDS)} Stockbell: the digest pass (plan ${USERS.toLocaleString('en')} jobs) and the worker sending them all; raw: pooled nodemailer sending the same messages, rendered beforehand.\n`);
console.log('| database | digest pass (plan) | Stockbell: plan + send all | rate | raw pooled nodemailer | rate | Stockbell throughput ÷ raw (goal ≥ 0.5×) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const target of await targets()) {
  try {
    log(`${target.name}: ${ROUNDS} rounds`);
    const { stockbell, raw, planned } = await run(target);
    const rate = (rounds: number[]) => spread(rounds.map((elapsed) => (USERS / elapsed) * 1000), perSecond);
    console.log(`| ${target.name} | ${spread(planned, ms)} | ${spread(stockbell, ms)} | ${rate(stockbell)} | ${spread(raw, ms)} | ${rate(raw)} | ${ratioCell(ratios(raw, stockbell), 0.5, true)} |`);
  } finally {
    await target.cleanup();
  }
}
