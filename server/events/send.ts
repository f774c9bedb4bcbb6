/**
 * The send API: host code (and admins over HTTP) tell one user, every user with a role, or the
 * followers of a part or category. Followers are resolved like any subscription, and filtered
 * by what they may view; a message to a user or role has no target to check.
 */
import type { EventOutcome, SendInput } from '../api.ts';
import {
  findSubscribers,
  loadCategories,
  loadPartTree,
  offer,
  RANK,
  type RankedReason,
  toRecipients,
} from '../audience/index.ts';
import type { Context } from '../context.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { Target } from '../host.ts';
import { alreadySeen, commitEvent, DUPLICATE, eventKey } from './commit.ts';

const KIND = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export async function send(ctx: Context, input: SendInput): Promise<EventOutcome> {
  const kind = input.kind ?? 'message';
  if (!KIND.test(kind) || kind.length > 100) throw new BadRequestError('kind must look like "message" or "host.thing_happened"');
  if (typeof input.subject !== 'string' || input.subject.trim() === '') throw new BadRequestError('subject is required');
  const key = eventKey(input.key, 'send', kind);
  if (await alreadySeen(ctx, key)) return DUPLICATE;

  const em = ctx.em();
  const candidates = new Map<string, RankedReason>();
  let target: Target | null = null;
  const to = input.to;
  if ('userId' in to) {
    offer(candidates, to.userId, { reason: { type: 'direct' }, rank: RANK.direct });
  } else if ('role' in to) {
    // One reason object for all: rendering is memoised by identity, once per (data, reason, locale).
    const reason = { reason: { type: 'role-message', role: to.role }, rank: RANK.direct } as const;
    for (const userId of await ctx.host.usersWithRole(to.role)) offer(candidates, userId, reason);
  } else {
    target = { kind: to.followers.kind, id: to.followers.id };
    const tree = to.followers.kind === 'part'
      ? await loadPartTree(ctx.host, [target.id])
      : { parts: new Map(), categories: await loadCategories(ctx.host, [target.id]) };
    const known = to.followers.kind === 'part' ? tree.parts.has(target.id) : tree.categories.has(target.id);
    if (!known) throw new NotFoundError(`${target.kind} ${target.id}`);
    for (const [userId, reason] of await findSubscribers(em, tree, [{ kind: to.followers.kind, id: target.id }])) {
      offer(candidates, userId, reason);
    }
  }
  const settings = await ctx.settings.read(em);
  const recipients = settings.enabled ? await toRecipients(ctx.host, candidates, { target }) : [];
  const data = { subject: input.subject, body: input.body ?? '', link: input.link ?? null };
  return commitEvent(ctx, {
    key,
    type: 'send',
    payload: { kind, to: input.to },
    drafts: [{ kind, target, data, recipients }],
  });
}
