/**
 * A separate process running Stockbell with its delivery worker against a SQLite file, for the
 * crash test: `node test/support/delivery-child.ts <database file>`. The parent kills it with
 * SIGKILL in the middle of sending, starts it again, and ends it with SIGTERM (a clean close).
 */
import { startCrashChild } from './crash-host.ts';

const [database] = process.argv.slice(2);
if (!database) throw new Error('usage: delivery-child.ts <database file>');
await startCrashChild(database);
