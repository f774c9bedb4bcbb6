/**
 * Inbox rows written straight into Stockbell's SQLite file (its tables made by its own migrations
 * first), as role messages would have left them: one event after another, each to every user,
 * so a user's rows are spread through the table, the older ones read and the newer ones unread.
 * A million rows through the engine would take minutes and measure nothing we report.
 */
import Database from 'better-sqlite3';
import { MemoryHost } from '../../test/support/memory-host.ts';
import { stockbellApp } from './app.ts';

/** Creates Stockbell's tables in `file` by booting the plugin on it once. */
export async function migrateSqlite(file: string): Promise<void> {
  const app = await stockbellApp({ host: new MemoryHost(), database: file });
  await app.close();
}

export interface InboxSeed {
  userIds: readonly string[];
  /** Rows per user: one event each. */
  perUser: number;
  /** Share of each user's rows that is read: the oldest ones. */
  readShare: number;
  /** The newest row's time; each earlier event is a minute older. */
  now?: Date;
}

/** Writes the rows in one transaction with a prepared statement; returns how many. */
export function seedInbox(file: string, seed: InboxSeed): number {
  const db = new Database(file);
  try {
    const now = (seed.now ?? new Date()).getTime();
    const event = db.prepare<unknown[], { id: number }>('insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?) returning id');
    const row = db.prepare(
      `insert into stockbell_notifications (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at, read_at)
       values (?, ?, 'message', null, null, ?, ?, null, ?, ?)`,
    );
    const reason = JSON.stringify({ type: 'role-message', role: 'staff' });
    const readBefore = Math.floor(seed.perUser * seed.readShare);
    const key = `seed.${Date.now()}.${Math.random().toString(36).slice(2)}`;
    let written = 0;
    db.transaction(() => {
      for (let e = 0; e < seed.perUser; e++) {
        const at = now - (seed.perUser - 1 - e) * 60_000;
        const eventId = event.get(`${key}.${e}`, 'send', '{}', at)!.id;
        const data = JSON.stringify({ subject: `Cycle count ${e} is due for Passives`, body: 'Count the shelves in aisle 4 before the end of the shift.', link: '/categories/2' });
        const readAt = e < readBefore ? at + 30_000 : null;
        for (const user of seed.userIds) {
          row.run(eventId, user, data, reason, at, readAt);
          written++;
        }
      }
    })();
    return written;
  } finally {
    db.close();
  }
}
