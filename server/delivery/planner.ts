/**
 * Plans delivery jobs inside the event's transaction (step 5 of events/run-event.ts), so the inbox
 * rows and the jobs that will tell the world about them commit together or not at all.
 *
 * Set-based: for the whole batch of rows (a fan-out may be 10,000 recipients) it takes the settings
 * the event already read, the recipients' overrides, email settings and personal endpoints with a few `in (…)`
 * queries and the shared endpoints once — never per recipient — then writes the jobs with
 * multi-row INSERTs. The host's user records come from the audience step: no host call is made
 * while the transaction holds its locks.
 *
 * One job per (recipient, enabled external channel): email to the user's address (immediate mode
 * only: digest mode waits for the digest, off sends nothing, no address sends nothing), and per
 * chat/webhook channel one job per personal endpoint of that channel. A shared endpoint gets one
 * job per notification (event, kind, target) when at least one of its recipients has the channel
 * enabled: a team channel hears about a low part once, not once per subscriber.
 *
 * Quiet hours hold, never drop: a user's job written while their window is on gets a "not before"
 * time (the window's end) and waits in the queue like a job backing off, since the worker's claim
 * already orders by `next_attempt_at`. Kinds an admin marked urgent are not held, and nor is a
 * shared endpoint (a team's channel keeps no one person's hours).
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { HostUser } from '../host.ts';
import { usableTimeZone } from './local-time.ts';
import { quietUntil } from './quiet-hours.ts';
import type { EndpointRow } from '../settings/endpoints.ts';
import { loadRecipientChoices } from '../settings/recipient-choices.ts';
import { CHANNELS, type Switches } from '../contract/index.ts';
import { type Defaults, effective } from '../settings/matrix.ts';
import type { StoredEmailSettings } from '../settings/user-preferences.ts';
import type { WrittenRow } from '../store/event-writer.ts';
import type { Driver } from '../store/driver.ts';
import { insertJobs, type NewJob } from './job-queue.ts';

export function emailJobKey(notificationId: number): string {
  return `n${notificationId}.email`;
}

export function endpointJobKey(notificationId: number, endpointId: number): string {
  return `n${notificationId}.e${endpointId}`;
}

/** What email does for a recipient whose email cell is on: sent now, kept for the digest, or nothing (the trace shows it). */
export type EmailOutcome = 'immediate' | 'digest' | 'emailOff' | 'noAddress';

export function emailOutcome(mode: string, user: Pick<HostUser, 'email'>): EmailOutcome {
  if (mode !== 'immediate' && mode !== 'digest') return 'emailOff';
  if (!user.email) return 'noAddress';
  return mode;
}

/** Builds the jobs for `rows`; pure given what was loaded (exported for tests). */
export function planJobs(
  rows: readonly WrittenRow[],
  loaded: {
    defaults: Defaults;
    users: ReadonlyMap<string, HostUser>;
    overrides: Map<string, Switches>;
    settings: Map<string, StoredEmailSettings>;
    personal: Map<string, EndpointRow[]>;
    shared: readonly EndpointRow[];
    urgentKinds: ReadonlySet<string>;
    now: Date;
  },
): NewJob[] {
  const jobs: NewJob[] = [];
  const sharedDone = new Set<string>();
  const held = heldUntil(loaded.settings, loaded.users, loaded.now);
  for (const row of rows) {
    const user = loaded.users.get(row.userId);
    if (!user?.active) continue;
    const overrides = loaded.overrides.get(row.userId);
    const notBefore = loaded.urgentKinds.has(row.kind) ? null : held(row.userId);
    for (const channel of CHANNELS) {
      if (!effective(row.kind, channel, overrides, user.roles ?? [], loaded.defaults).enabled) continue;
      const base = { notificationId: row.id, userId: row.userId, channel, kind: row.kind, payload: null };
      if (channel === 'email') {
        const mode = loaded.settings.get(row.userId)?.mode ?? 'immediate';
        if (emailOutcome(mode, user) === 'immediate') jobs.push({ ...base, endpointId: null, key: emailJobKey(row.id), notBefore });
        continue;
      }
      for (const endpoint of loaded.personal.get(row.userId) ?? []) {
        if (endpoint.channel === channel) jobs.push({ ...base, endpointId: endpoint.id, key: endpointJobKey(row.id, endpoint.id), notBefore });
      }
      for (const endpoint of loaded.shared) {
        if (endpoint.channel !== channel) continue;
        const once = `${row.eventId}\u0000${row.kind}\u0000${row.targetKind ?? ''}\u0000${row.targetId ?? ''}\u0000${endpoint.id}`;
        if (sharedDone.has(once)) continue;
        sharedDone.add(once);
        jobs.push({ ...base, endpointId: endpoint.id, key: endpointJobKey(row.id, endpoint.id) });
      }
    }
  }
  return jobs;
}

/** Per user, when their quiet hours end if they are on now (null: send now); worked out once per user. */
function heldUntil(settings: ReadonlyMap<string, StoredEmailSettings>, users: ReadonlyMap<string, HostUser>, now: Date): (userId: string) => Date | null {
  const known = new Map<string, Date | null>();
  return (userId) => {
    if (known.has(userId)) return known.get(userId) ?? null;
    const stored = settings.get(userId);
    const until = stored ? quietUntil(stored.quiet, now, stored.timeZone ?? usableTimeZone(users.get(userId)?.timeZone)) : null;
    known.set(userId, until);
    return until;
  };
}

export interface PlanInput {
  rows: readonly WrittenRow[];
  /** The recipients' host records, as the audience fetched them (no host call inside the transaction). */
  users: ReadonlyMap<string, HostUser>;
  /** The admin's defaults, read once by the event. */
  defaults: Defaults;
  /** Kinds that bypass quiet hours (a global setting the event read). */
  urgentKinds: readonly string[];
  now: Date;
}

/** Writes the jobs for `rows`; everything through `tx` (on SQLite another EntityManager would wait for this very transaction). */
export async function planDeliveries(db: Driver, tx: EntityManager, { rows, users, defaults, urgentKinds, now }: PlanInput): Promise<number> {
  if (rows.length === 0) return 0;
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const { overrides, settings, personal, shared } = await loadRecipientChoices(db, tx, userIds);
  const jobs = planJobs(rows, { defaults, users, overrides, settings, personal, shared, urgentKinds: new Set(urgentKinds), now });
  return insertJobs(db, tx, jobs, now);
}
