/**
 * The channels part of a trace: for one user and kind, each matrix cell as the delivery planner
 * reads it (the same `effective` rule, the same overrides, email mode and endpoints) and what the
 * planner then does with it: a job, the digest, or nothing and why.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { MATRIX_CHANNELS, type TraceChannel } from '../contract/index.ts';
import { emailOutcome } from '../delivery/planner.ts';
import type { HostUser } from '../host.ts';
import { withoutBidiControls } from '../messages/index.ts';
import { listEndpoints } from '../settings/endpoints.ts';
import { type Defaults, effective } from '../settings/matrix.ts';
import { DEFAULT_EMAIL_SETTINGS, loadEmailSettings, loadOverrides } from '../settings/user-preferences.ts';

export async function channelsFor(em: EntityManager, user: HostUser, kind: string, defaults: Defaults): Promise<TraceChannel[]> {
  const overrides = (await loadOverrides(em, [user.id])).get(user.id);
  const mode = ((await loadEmailSettings(em, [user.id])).get(user.id) ?? DEFAULT_EMAIL_SETTINGS).mode;
  // A chat channel posts to each of the user's endpoints of it, and to the shared ones.
  const endpoints = [...(await listEndpoints(em, user.id)), ...(await listEndpoints(em, null))];
  return MATRIX_CHANNELS.map((channel): TraceChannel => {
    const cell = effective(kind, channel, overrides, user.roles ?? [], defaults);
    const posts = endpoints
      .filter((endpoint) => endpoint.channel === channel)
      .map((endpoint) => ({ name: withoutBidiControls(endpoint.name), shared: endpoint.userId === null }));
    const outcome: TraceChannel['outcome'] =
      channel === 'inbox' ? 'inbox'
      : !cell.enabled ? 'off'
      : channel === 'email' ? emailOutcome(mode, user)
      : posts.length > 0 ? 'endpoints' : 'noEndpoint';
    return { channel, enabled: cell.enabled, source: cell.source, outcome, endpoints: outcome === 'endpoints' ? posts : [] };
  });
}
