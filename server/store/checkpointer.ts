/**
 * SQLite's WAL checkpoints, off the event loop. better-sqlite3 is synchronous, and by default the
 * connection whose commit fills the WAL past 1,000 pages copies them into the database file then
 * and there, fsync included: every ~70 single-user events one of them took 20 ms instead of 0.6
 * (the p99 of bench/live.ts), with the whole server waiting. So the plugin's connection does not
 * checkpoint (`wal_autocheckpoint = 0`) and a worker thread with a connection of its own runs a
 * PASSIVE checkpoint every `intervalMs`: it copies what no reader still needs, never waits for a
 * lock, and blocks neither the writer nor the readers. Commits stay durable in the WAL meanwhile;
 * a process that dies leaves the WAL for the next open to recover, as before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  close(): Promise<void>;
}

/** Runs inside the worker (CommonJS, `eval`): better-sqlite3 is resolved by the plugin and handed over. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); }
});
`;

/** `onError`: a checkpoint failed (the next one tries again; the WAL only grows meanwhile). */
export function startCheckpointer(file: string, intervalMs: number, onError: (error: Error) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, intervalMs, driver } });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(new Error(`WAL checkpoint failed: ${message.error}`));
  });
  worker.on('error', onError);
  // A host's process may exit while the plugin is open: the worker does not hold it alive.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async close() {
      // Held alive again until it has made its last checkpoint and closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
