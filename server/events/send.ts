/**
 * The send API: host code (and admins over HTTP) tell one user, every user with a role, or the
 * followers of a part or category. Followers are resolved like any subscription, and filtered
 * by what they may view; a message to a user or role has no target to check.
 */
import {
  findSubscribers,
  loadCategories,
  loadPartTree,
  offer,
  RANK,
  type RankedReason,
  toRecipients,
} from '../audience/index.ts';
import { firstProblem, SendBody, type SendInput } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { Target } from '../host.ts';
import type { GlobalSettings } from '../settings/index.ts';
import { type Decision, type EventInput, eventKey } from './run-event.ts';

/** The send API's event; what a host passes in-process is checked against the same schema as `POST /admin/send`. */
export function sendEvent(ctx: Context, input: SendInput): EventInput {
  const problem = firstProblem(SendBody, input);
  if (problem) throw new BadRequestError(`${problem.path.join('/') || 'input'} ${problem.message}`);
  const kind = input.kind ?? 'message';
  return {
    key: eventKey(input.key, 'send', kind),
    type: 'send',
    payload: { kind, to: input.to },
    decide: (settings) => decideSend(ctx, input, kind, settings),
  };
}

async function decideSend(ctx: Context, input: SendInput, kind: string, settings: GlobalSettings): Promise<Decision> {
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
    for (const [userId, reason] of await findSubscribers(ctx.db, tree, [{ kind: to.followers.kind, id: target.id }])) {
      offer(candidates, userId, reason);
    }
  }
  const recipients = settings.enabled ? await toRecipients(ctx.host, candidates, { target }) : [];
  const data = { subject: input.subject, body: input.body ?? '', link: input.link ?? null };
  return { drafts: [{ kind, target, data, recipients }] };
}
