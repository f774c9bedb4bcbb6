/**
 * What the preferences routes do, apart from HTTP: build one user's view (the matrix with each
 * cell's source, email settings with defaults filled in, endpoints masked) and apply a change.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { validateEndpointUrl } from '../channels/index.ts';
import { type MatrixChange, MATRIX_CHANNELS, type Preferences, type PreferencesPatch } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { markDigestDone } from '../delivery/digest.ts';
import { isTimeZone, localTime, usableTimeZone } from '../delivery/local-time.ts';
import { fromRule, NO_QUIET_HOURS, toRule } from '../delivery/quiet-hours.ts';
import { policyCache } from '../delivery/sender.ts';
import { BadRequestError } from '../errors.ts';
import type { AuthenticatedUser } from '../host.ts';
import { listEndpoints, toEndpointView } from '../settings/endpoints.ts';
import { matrixFor } from '../settings/matrix.ts';
import {
  DEFAULT_EMAIL_SETTINGS,
  loadEmailSettings,
  loadOverrides,
  writeEmailSettings,
  writeOverrides,
} from '../settings/user-preferences.ts';

export async function preferencesOf(ctx: Context, em: EntityManager, user: AuthenticatedUser): Promise<Preferences> {
  const { settings, defaults } = await ctx.settings.readWithDefaults(em);
  const overrides = (await loadOverrides(em, [user.id])).get(user.id);
  const email = (await loadEmailSettings(em, [user.id])).get(user.id) ?? DEFAULT_EMAIL_SETTINGS;
  const timeZone = email.timeZone ?? usableTimeZone((await ctx.host.getUsers([user.id]))[0]?.timeZone);
  const kinds = ctx.options.kinds;
  return {
    kinds,
    channels: [...MATRIX_CHANNELS],
    matrix: matrixFor(kinds.map((k) => k.id), overrides, user.roles ?? [], defaults),
    email: { mode: email.mode, digestHour: email.digestHour ?? settings.defaultDigestHour, timeZone },
    endpoints: (await listEndpoints(em, user.id)).map(toEndpointView),
    sharedEndpoints: (await listEndpoints(em, null)).map((e) => ({ id: String(e.id), channel: e.channel, name: e.name })),
    quietHours: fromRule(email.quiet),
    urgentKinds: settings.urgentKinds,
  };
}

/** Checks a matrix change against the known kinds and switchable channels; the error names the cell. */
export function checkMatrix(
  ctx: Context,
  matrix: MatrixChange,
  field: string,
): Record<string, Record<string, boolean | null>> {
  const kinds = new Set(ctx.options.kinds.map((k) => k.id));
  const out: Record<string, Record<string, boolean | null>> = {};
  for (const [kind, row] of Object.entries(matrix)) {
    if (!kinds.has(kind)) throw new BadRequestError(`${field}/${kind} is not a known kind`);
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new BadRequestError(`${field}/${kind} must be an object of channels`);
    const cells: Record<string, boolean | null> = {};
    for (const [channel, value] of Object.entries(row)) {
      if (channel === 'inbox') throw new BadRequestError(`${field}/${kind}/inbox is always on and cannot be changed`);
      if (!(MATRIX_CHANNELS as readonly string[]).includes(channel)) throw new BadRequestError(`${field}/${kind}/${channel} is not a channel`);
      cells[channel] = value === null || typeof value === 'boolean' ? value : value.enabled;
    }
    out[kind] = cells;
  }
  return out;
}

export async function patchPreferences(ctx: Context, em: EntityManager, user: AuthenticatedUser, patch: PreferencesPatch): Promise<void> {
  const matrix = patch.matrix ? checkMatrix(ctx, patch.matrix, 'body/matrix') : null;
  const email = patch.email;
  if (email?.timeZone !== undefined && email.timeZone !== null && !isTimeZone(email.timeZone)) {
    throw new BadRequestError('body/email/timeZone is not a known time zone (an IANA name such as Europe/Berlin)');
  }
  const now = ctx.clock.now();
  const hostZone = email?.mode === 'digest' ? (await ctx.host.getUsers([user.id]))[0]?.timeZone : undefined;
  await em.transactional(async (tx) => {
    if (matrix) await writeOverrides(tx, user.id, matrix, now);
    if (patch.quietHours !== undefined) {
      await writeEmailSettings(tx, user.id, { quiet: patch.quietHours === null ? NO_QUIET_HOURS : toRule(patch.quietHours) }, now);
    }
    if (!email || Object.keys(email).length === 0) return;
    const before = (await loadEmailSettings(tx, [user.id])).get(user.id)?.mode ?? 'immediate';
    await writeEmailSettings(tx, user.id, email, now);
    if (email.mode === 'digest' && before !== 'digest') {
      // The first digest comes at the next digest hour: if today's hour has passed, today is done.
      const after = (await loadEmailSettings(tx, [user.id])).get(user.id) ?? DEFAULT_EMAIL_SETTINGS;
      const { settings } = await ctx.settings.readWithDefaults(tx);
      const local = localTime(now, after.timeZone ?? usableTimeZone(hostZone));
      if (local.hour >= (after.digestHour ?? settings.defaultDigestHour)) await markDigestDone(tx, user.id, local.date, now);
    }
  });
}

// Endpoints: the check on input

const policyFor = policyCache();

/** Syntax, then where it resolves to under the current allow-list; the error names the field, never the URL. */
export async function checkEndpointUrl(url: string, allowList: readonly string[], field: string): Promise<string> {
  const valid = validateEndpointUrl(url);
  if (!valid.ok) throw new BadRequestError(`${field} ${valid.error}`);
  const checked = await policyFor(allowList).check(valid.url.href);
  if (!checked.ok) throw new BadRequestError(`${field} ${checked.error}`);
  return valid.url.href;
}
