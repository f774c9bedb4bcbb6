/**
 * A Stockbell process for the crash loop: `node test/support/crash-loop-child.ts <database> <events>`.
 * It raises events `evt-0` … `evt-<n-1>` (each a message to the crash host's 1,000 users; the key
 * makes a repeat after a restart a no-op, as a host that retries would) while its worker delivers.
 * Prints `ready` once listening and `raised <i>` after each commit. The parent SIGKILLs it at random
 * moments, and ends the last one with SIGTERM.
 */
import { CRASH_ROLE, startCrashChild } from './crash-host.ts';

const [database, count] = process.argv.slice(2);
if (!database || !count) throw new Error('usage: crash-loop-child.ts <database file> <events>');
const app = await startCrashChild(database);
for (let i = 0; i < Number(count); i++) {
  await app.stockbell.send({ to: { role: CRASH_ROLE }, subject: `Stocktake ${i}`, key: `evt-${i}` });
  process.stdout.write(`raised ${i}\n`);
}
